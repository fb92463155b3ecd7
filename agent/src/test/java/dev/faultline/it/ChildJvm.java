// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The test application ({@code JdbcWorkload}) in a child JVM, driven line by line over
 * stdin/stdout.
 */
final class ChildJvm implements AutoCloseable {
    static final Path AGENT_JAR =
            Paths.get(System.getProperty("faultline.agent.jar", "target/faultline-agent.jar"))
                    .toAbsolutePath();
    static final String CLASSPATH = System.getProperty("faultline.it.classpath");
    static final String JDBC_WORKLOAD = "dev.faultline.it.app.JdbcWorkload";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();
    private final long pid;

    private ChildJvm(Process process) throws InterruptedException {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump(
                process.getInputStream(),
                line -> {
                    if (line.startsWith("> ")) {
                        replies.add(line.substring(2));
                    } else {
                        output.append(line).append('\n');
                    }
                });
        pump(process.getErrorStream(), line -> output.append(line).append('\n'));
        String ready = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ready == null && process.isAlive() && System.nanoTime() < deadline) {
            ready = replies.poll(100, TimeUnit.MILLISECONDS);
        }
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(100); // let the output pumps catch the last lines
            throw new IllegalStateException("child JVM did not start: " + ready + "\n" + output);
        }
        this.pid = Long.parseLong(ready.substring("ready ".length()));
    }

    /** Starts the application on a JDK with extra JVM options (such as {@code -javaagent:...}). */
    static ChildJvm start(Jdk jdk, String... jvmOptions) throws IOException, InterruptedException {
        return start(jdk, Collections.emptyMap(), jvmOptions);
    }

    /** Starts the application with extra environment variables (such as {@code FAULTLINE_OPTS}). */
    static ChildJvm start(Jdk jdk, Map<String, String> environment, String... jvmOptions)
            throws IOException, InterruptedException {
        return start(jdk, CLASSPATH, JDBC_WORKLOAD, environment, jvmOptions);
    }

    /**
     * Starts a test application (one that answers {@code > ready <pid>} and then one line per
     * command).
     *
     * @param classpath the application's class path, from a {@code faultline.it.*classpath}
     *     property
     */
    static ChildJvm start(
            Jdk jdk,
            String classpath,
            String mainClass,
            Map<String, String> environment,
            String... jvmOptions)
            throws IOException, InterruptedException {
        if (classpath == null) {
            throw new IllegalStateException(
                    "the test class path is not set: run the integration tests through Maven (./mvnw verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.add("-Xmx256m");
        command.addAll(Arrays.asList(jvmOptions));
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start());
    }

    /** {@code -javaagent:<the packaged agent>[=options]}. */
    static String javaagent(String options) {
        return "-javaagent:" + AGENT_JAR + (options == null ? "" : "=" + options);
    }

    long pid() {
        return pid;
    }

    /** Sends one command and waits for its answer. */
    Reply send(String command) throws IOException, InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        String reply = replies.poll(90, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException(
                    "no answer to '" + command + "' within 90s; output so far:\n" + output);
        }
        return Reply.parse(reply);
    }

    /** Everything the child printed apart from its answers (the agent's log among it). */
    String output() {
        return output.toString();
    }

    /**
     * The output once it holds the text (its lines are read on a thread of their own, a moment
     * after the child printed them); fails after 30 s without it.
     */
    String awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within 30s in:\n" + output());
            }
            Thread.sleep(20);
        }
        return output();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.write("exit\n");
            stdin.flush();
            stdin.close();
        } catch (IOException alreadyGone) {
            // the process ended on its own
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void pump(InputStream stream, Consumer<String> sink) {
        Thread thread =
                new Thread(
                        () -> {
                            try (BufferedReader reader =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    stream, StandardCharsets.UTF_8))) {
                                for (String line; (line = reader.readLine()) != null; ) {
                                    sink.accept(line);
                                }
                            } catch (IOException closed) {
                                // the process ended
                            }
                        },
                        "child-output");
        thread.setDaemon(true);
        thread.start();
    }
}
