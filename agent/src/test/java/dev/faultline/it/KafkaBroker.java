// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One real Kafka broker (KRaft, combined broker and controller) for the whole test run: the {@code
 * kafka_2.13} artifacts in a child JVM, storage formatted first, on loopback ports, stopped when
 * the tests end.
 */
final class KafkaBroker {
    private static final String CLASSPATH = System.getProperty("faultline.it.broker.classpath");
    private static String bootstrap;

    private KafkaBroker() {}

    static synchronized String bootstrap() {
        if (bootstrap == null) {
            try {
                bootstrap = start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Kafka broker", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return bootstrap;
    }

    private static String start() throws IOException, InterruptedException {
        int port = freePort();
        int controllerPort = freePort();
        Path dir = Files.createTempDirectory("faultline-kafka-");
        Path config = dir.resolve("server.properties");
        Files.write(
                config,
                String.join(
                                "\n",
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                                "listeners=PLAINTEXT://127.0.0.1:"
                                        + port
                                        + ",CONTROLLER://127.0.0.1:"
                                        + controllerPort,
                                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                                "controller.listener.names=CONTROLLER",
                                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                                "inter.broker.listener.name=PLAINTEXT",
                                "log.dirs=" + dir.resolve("data"),
                                "num.partitions=1",
                                "auto.create.topics.enable=true",
                                "offsets.topic.replication.factor=1",
                                "offsets.topic.num.partitions=1",
                                "transaction.state.log.replication.factor=1",
                                "transaction.state.log.min.isr=1",
                                "share.coordinator.state.topic.replication.factor=1",
                                "share.coordinator.state.topic.min.isr=1",
                                "group.initial.rebalance.delay.ms=0",
                                "")
                        .getBytes(StandardCharsets.UTF_8));
        File log = dir.resolve("broker.log").toFile();
        Process format =
                java(
                        log,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        config.toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage failed:\n"
                            + new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8));
        }
        Process broker = java(log, "kafka.Kafka", config.toString());
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    broker.destroy();
                                    try {
                                        broker.waitFor(20, TimeUnit.SECONDS);
                                    } catch (InterruptedException ignored) {
                                        Thread.currentThread().interrupt();
                                    }
                                    broker.destroyForcibly();
                                }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!accepts(port)) {
            if (!broker.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the Kafka broker did not start:\n"
                                + new String(
                                        Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8));
            }
            Thread.sleep(200);
        }
        return "127.0.0.1:" + port;
    }

    /** The values of all records in a topic, read from the broker from the beginning. */
    static List<String> values(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    /** How many records of a topic hold this value. */
    static long count(String topic, String value) {
        return values(topic).stream().filter(value::equals).count();
    }

    private static Process java(File log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Jdk.current().java().toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(CLASSPATH);
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
    }

    /** A loopback port free at the moment (for a child JVM to listen on). */
    static int freePort() throws IOException {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
