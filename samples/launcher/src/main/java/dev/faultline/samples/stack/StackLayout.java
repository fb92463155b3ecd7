// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the stack's pieces are: the agent jar, the services' jars and the broker's libraries, found
 * from the launcher jar's own place in the build ({@code
 * samples/launcher/target/faultline-stack.jar}), and the state directory where the running stack
 * keeps its state file, logs and data.
 */
final class StackLayout {
    final Path repository;
    final Path stateDirectory;

    StackLayout(Path repository, Path stateDirectory) {
        this.repository = repository;
        this.stateDirectory = stateDirectory;
    }

    /**
     * The layout of the build this launcher belongs to; the state directory from {@code --dir},
     * else {@code FAULTLINE_STACK_DIR}, else target/stack in the repository.
     */
    static StackLayout of(Path stateDirectory) {
        Path repository = repositoryRoot();
        String fromEnvironment = System.getenv("FAULTLINE_STACK_DIR");
        Path state =
                stateDirectory != null
                        ? stateDirectory
                        : fromEnvironment != null && !fromEnvironment.isBlank()
                                ? Paths.get(fromEnvironment)
                                : repository.resolve("target").resolve("stack");
        return new StackLayout(repository, state.toAbsolutePath().normalize());
    }

    private static Path repositoryRoot() {
        String override = System.getProperty("faultline.repository");
        if (override != null) {
            return Paths.get(override).toAbsolutePath().normalize();
        }
        try {
            Path jar =
                    Paths.get(
                            StackLayout.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            // samples/launcher/target/faultline-stack.jar (or target/classes) → the repository root
            return jar.getParent().getParent().getParent().getParent().toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(
                    "cannot tell where the launcher is: " + e.getMessage(), e);
        }
    }

    Path agentJar() {
        return built(repository.resolve("agent/target/faultline-agent.jar"));
    }

    Path serviceJar(String module) {
        return built(
                repository
                        .resolve("samples")
                        .resolve(module)
                        .resolve("target")
                        .resolve(module + ".jar"));
    }

    Path brokerLibraries() {
        return built(repository.resolve("samples/launcher/target/broker-lib"));
    }

    Path stateFile() {
        return stateDirectory.resolve("stack.json");
    }

    Path logs() {
        return stateDirectory.resolve("logs");
    }

    Path log(String name) {
        return logs().resolve(name + ".log");
    }

    Path requests() {
        return stateDirectory.resolve("requests");
    }

    private static Path built(Path path) {
        if (!Files.exists(path)) {
            throw new StackException(
                    path + " is missing: build first with ./mvnw -B -q -DskipTests install");
        }
        return path;
    }
}
