// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small Kafka application the integration tests run in a child JVM, on kafka-clients 3.x or 4.x.
 * One command per line on stdin, one answer per command ({@code > ok|error <millis> <detail>}):
 *
 * <pre>
 * producer NAME BOOTSTRAP DELIVERY_TIMEOUT_MS   a KafkaProducer (acks=all, linger 0)
 * send NAME TOPIC VALUE                         send with a callback, wait for the Future and the callback;
 *                                               detail: future=offset:N|EXCEPTION:MESSAGE callback=THREAD:offset:N|THREAD:EXCEPTION
 * sendasync NAME TOPIC VALUE                    send and answer once send() returns
 * await NAME                                    wait for every sendasync Future: delivered=N failed=N
 * consumer NAME BOOTSTRAP TOPIC GROUP           a KafkaConsumer subscribed to TOPIC, from the earliest offset, one record a poll
 * poll NAME TIMEOUT_MS                          one poll: records=N
 * drain NAME MILLIS                             poll for MILLIS: records=N (how far the consumer got)
 * </pre>
 */
public final class KafkaWorkload {
    private final Map<String, KafkaProducer<String, String>> producers = new HashMap<>();
    private final Map<String, List<Future<RecordMetadata>>> pending = new HashMap<>();
    private final Map<String, KafkaConsumer<String, String>> consumers = new HashMap<>();

    public static void main(String[] args) throws Exception {
        KafkaWorkload workload = new KafkaWorkload();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("> ready " + ProcessHandle.current().pid());
        System.out.flush();
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            long start = System.nanoTime();
            String answer;
            try {
                String result = workload.run(line.trim().split(" "));
                answer =
                        (result.startsWith("!") ? "error " : "ok ")
                                + elapsed(start)
                                + " "
                                + result.replaceFirst("^!", "");
            } catch (Exception e) {
                answer =
                        "error "
                                + elapsed(start)
                                + " "
                                + e.getClass().getName()
                                + ":"
                                + e.getMessage();
            }
            System.out.println("> " + answer.replace('\n', ' '));
            System.out.flush();
        }
        workload.producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
        workload.consumers.values().forEach(c -> c.close(Duration.ofSeconds(5)));
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** A result starting with '!' is an error answer. */
    private String run(String[] words) throws Exception {
        switch (words[0]) {
            case "producer":
                {
                    int deliveryTimeout = Integer.parseInt(words[3]);
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, words[2]);
                    props.put(
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                            StringSerializer.class.getName());
                    props.put(
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                            StringSerializer.class.getName());
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout);
                    props.put(
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            Math.min(30_000, deliveryTimeout));
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
                    producers.put(words[1], new KafkaProducer<>(props));
                    pending.put(words[1], new ArrayList<>());
                    return "producer";
                }
            case "send":
                {
                    CompletableFuture<String> callback = new CompletableFuture<>();
                    Future<RecordMetadata> future =
                            producers
                                    .get(words[1])
                                    .send(
                                            new ProducerRecord<>(words[2], words[3]),
                                            (metadata, exception) ->
                                                    callback.complete(
                                                            Thread.currentThread().getName()
                                                                    + ":"
                                                                    + (exception == null
                                                                            ? "offset:"
                                                                                    + metadata
                                                                                            .offset()
                                                                            : exception
                                                                                    .getClass()
                                                                                    .getName())));
                    String outcome;
                    boolean failed = false;
                    try {
                        outcome = "future=offset:" + future.get(60, TimeUnit.SECONDS).offset();
                    } catch (ExecutionException e) {
                        failed = true;
                        outcome =
                                "future="
                                        + e.getCause().getClass().getName()
                                        + ":"
                                        + e.getCause().getMessage();
                    }
                    String heard = callback.get(30, TimeUnit.SECONDS);
                    return (failed ? "!" : "") + outcome + " callback=" + heard;
                }
            case "sendasync":
                pending.get(words[1])
                        .add(
                                producers
                                        .get(words[1])
                                        .send(new ProducerRecord<>(words[2], words[3])));
                return "sent";
            case "await":
                {
                    int delivered = 0;
                    int failed = 0;
                    for (Future<RecordMetadata> future : pending.get(words[1])) {
                        try {
                            future.get(60, TimeUnit.SECONDS);
                            delivered++;
                        } catch (ExecutionException e) {
                            failed++;
                        }
                    }
                    pending.get(words[1]).clear();
                    return "delivered=" + delivered + " failed=" + failed;
                }
            case "consumer":
                {
                    Properties props = new Properties();
                    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, words[2]);
                    props.put(ConsumerConfig.GROUP_ID_CONFIG, words[4]);
                    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                    props.put(
                            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                            StringDeserializer.class.getName());
                    props.put(
                            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                            StringDeserializer.class.getName());
                    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
                    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
                    consumer.subscribe(Collections.singletonList(words[3]));
                    consumers.put(words[1], consumer);
                    return "consumer";
                }
            case "poll":
                return "records="
                        + consumers
                                .get(words[1])
                                .poll(Duration.ofMillis(Long.parseLong(words[2])))
                                .count();
            case "drain":
                {
                    long end =
                            System.nanoTime()
                                    + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(words[2]));
                    int records = 0;
                    while (System.nanoTime() < end) {
                        records += consumers.get(words[1]).poll(Duration.ofMillis(100)).count();
                    }
                    return "records=" + records;
                }
            default:
                throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }
}
