// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged command of this build (the launcher, the faultline CLI), run as a process as a user
 * runs it.
 */
final class Command {
    final int exitCode;
    final String out;
    final String err;

    private Command(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static Command stack(String... args) throws IOException, InterruptedException {
        return java(Paths.get(System.getProperty("faultline.stack.jar")), args);
    }

    static Command faultline(String... args) throws IOException, InterruptedException {
        return java(Paths.get(System.getProperty("faultline.cli.jar")), args);
    }

    private static Command java(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
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
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    jar.getFileName() + " " + String.join(" ", args) + " did not finish in 300 s");
        }
        errors.join();
        return new Command(
                process.exitValue(),
                new String(streams[0], StandardCharsets.UTF_8),
                new String(streams[1], StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
