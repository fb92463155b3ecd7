// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller) from the {@code kafka_2.13}
 * artifacts, in its own JVM on loopback ports, its storage formatted afresh at every start.
 */
final class KafkaBroker {
    static final String ORDER_EVENTS = "order-events";

    /**
     * Six, so that every consumer thread of both inventory instances (3 each when improved) has a
     * partition.
     */
    static final int ORDER_EVENTS_PARTITIONS = 6;

    private final StackLayout layout;
    private final StackPlan plan;
    private final Path directory;
    private final Path log;
    private Process process;

    KafkaBroker(StackLayout layout, StackPlan plan) {
        this.layout = layout;
        this.plan = plan;
        this.directory = layout.stateDirectory.resolve("kafka");
        this.log = layout.log("kafka");
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    void start() throws IOException, InterruptedException {
        deleteRecursively(directory);
        Files.createDirectories(directory);
        Path config = directory.resolve("server.properties");
        Files.write(
                config,
                String.join(
                                "\n",
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:"
                                        + plan.kafkaControllerPort(),
                                "listeners=PLAINTEXT://127.0.0.1:"
                                        + plan.kafkaPort()
                                        + ",CONTROLLER://127.0.0.1:"
                                        + plan.kafkaControllerPort(),
                                "advertised.listeners=PLAINTEXT://127.0.0.1:" + plan.kafkaPort(),
                                "controller.listener.names=CONTROLLER",
                                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                "inter.broker.listener.name=PLAINTEXT",
                                "log.dirs=" + directory.resolve("data"),
                                "num.partitions=" + ORDER_EVENTS_PARTITIONS,
                                "auto.create.topics.enable=false",
                                "offsets.topic.replication.factor=1",
                                "offsets.topic.num.partitions=3",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "share.coordinator.state.topic.replication.factor=1",
                                "share.coordinator.state.topic.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "")
                        .getBytes(StandardCharsets.UTF_8));
        Process format =
                java(
                        List.of("-Xmx256m"),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        UUID.randomUUID().toString(),
                        "-c",
                        config.toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new StackException(
                    "formatting the Kafka broker's storage failed; last lines of "
                            + log
                            + ":\n"
                            + Processes.tail(log, 20));
        }
        process =
                java(
                        List.of("-Xmx384m", "-Xms384m", "-XX:+UseSerialGC"),
                        "kafka.Kafka",
                        config.toString());
    }

    /** Waits for the listener, then creates the topics the services use. */
    void awaitReadyAndCreateTopics(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Processes.listening(plan.kafkaPort())) {
            if (!process.isAlive()) {
                throw new StackException(
                        "the Kafka broker exited with code "
                                + process.exitValue()
                                + " while starting; last lines of "
                                + log
                                + ":\n"
                                + Processes.tail(log, 30));
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(
                        "the Kafka broker did not listen on port "
                                + plan.kafkaPort()
                                + " within "
                                + timeout.toSeconds()
                                + " s; last lines of "
                                + log
                                + ":\n"
                                + Processes.tail(log, 30));
            }
            Thread.sleep(200);
        }
        Process topics =
                java(
                        List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                        TopicSetup.class.getName(),
                        plan.bootstrapServers(),
                        ORDER_EVENTS,
                        String.valueOf(ORDER_EVENTS_PARTITIONS));
        if (!topics.waitFor(60, TimeUnit.SECONDS) || topics.exitValue() != 0) {
            topics.destroyForcibly();
            throw new StackException(
                    "creating the topic "
                            + ORDER_EVENTS
                            + " failed; last lines of "
                            + log
                            + ":\n"
                            + Processes.tail(log, 20));
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void stop() {
        if (process != null) {
            Processes.stop(process.toHandle(), Duration.ofSeconds(20));
        }
    }

    private Process java(List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(plan.javaHome, "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(
                launcherJar()
                        + File.pathSeparator
                        + layout.brokerLibraries()
                        + File.separator
                        + "*");
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    private static String launcherJar() {
        try {
            return Path.of(
                            KafkaBroker.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            List<Path> all = new ArrayList<>();
            walk.forEach(all::add);
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(all.get(i));
            }
        }
    }
}
