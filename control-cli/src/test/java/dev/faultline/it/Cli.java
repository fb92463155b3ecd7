// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged CLI ({@code faultline-cli.jar}), run as a process, as a user at a shell runs it. */
final class Cli {
    private static final Path JAR =
            Paths.get(System.getProperty("faultline.cli.jar", "target/faultline-cli.jar"))
                    .toAbsolutePath();

    final int exitCode;
    final String out;
    final String err;

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) throws IOException, InterruptedException {
        return runWith(new String[0], args);
    }

    /** Runs the CLI with extra options for its own JVM. */
    static Cli runWith(String[] jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Jdk.current().java().toString());
        command.addAll(Arrays.asList(jvmOptions));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread errors =
                new Thread(
                        () -> {
                            try {
                                streams[1] = process.getErrorStream().readAllBytes();
                            } catch (IOException e) {
                                streams[1] = new byte[0];
                            }
                        });
        errors.start();
        streams[0] = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "faultline " + String.join(" ", args) + " did not finish");
        }
        errors.join();
        return new Cli(
                process.exitValue(),
                new String(streams[0], StandardCharsets.UTF_8),
                new String(streams[1], StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "stderr:\n" + err;
    }
}
