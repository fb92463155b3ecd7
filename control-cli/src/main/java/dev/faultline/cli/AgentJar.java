// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/** The agent jar the CLI carries, written out once per version so that target JVMs can load it. */
public final class AgentJar {
    private static final String RESOURCE = "/META-INF/faultline/faultline-agent.jar";

    private AgentJar() {}

    public static String version() {
        String version = AgentJar.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The failure when a target runs another version of the agent than this CLI carries. */
    static CliException versionMismatch(String target, String loaded) {
        return new CliException(
                CliException.FAILED,
                target
                        + " runs Faultline agent "
                        + loaded
                        + ", this CLI is "
                        + version()
                        + ": use the CLI of version "
                        + loaded
                        + ", or detach the agent with that CLI and attach again");
    }

    private static volatile Path written;

    /**
     * The agent jar's path, readable by the target (same OS user). Written out once per CLI
     * process: a development build's jar changes between builds, not between the commands of one
     * run.
     */
    public static Path path() {
        Path jar = written;
        if (jar == null) {
            synchronized (AgentJar.class) {
                if (written == null) {
                    written = writeOut();
                }
                jar = written;
            }
        }
        return jar;
    }

    private static Path writeOut() {
        Path dir =
                Paths.get(
                        System.getProperty("java.io.tmpdir"),
                        "faultline-" + System.getProperty("user.name"));
        Path jar = dir.resolve("faultline-agent-" + version() + ".jar");
        try (InputStream in = AgentJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CliException(
                        CliException.FAILED,
                        "this CLI jar carries no agent ("
                                + RESOURCE
                                + "); rebuild it with ./mvnw package");
            }
            Files.createDirectories(dir);
            if (!Files.exists(jar) || version().endsWith("SNAPSHOT") || version().equals("dev")) {
                Path partial = Files.createTempFile(dir, "faultline-agent-", ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(
                        partial,
                        jar,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return jar;
        } catch (IOException e) {
            throw new CliException(
                    CliException.FAILED,
                    "cannot write the agent jar to " + dir + ": " + e.getMessage());
        }
    }
}
