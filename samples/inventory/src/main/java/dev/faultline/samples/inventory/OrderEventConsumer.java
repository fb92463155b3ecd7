// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.samples.support.Failures;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Consumes {@code order-events} in the consumer group {@code inventory}: {@code concurrency}
 * threads, each with its own KafkaConsumer, polling at most {@code max-poll-records}, applying each
 * record and committing the batch's offsets synchronously afterwards (at-least-once: a batch cut
 * short by a crash or rebalance is delivered again). A failed record puts its partition back to it,
 * to be retried after a pause; a broker that is away only means empty polls. Nothing here stops the
 * service.
 */
public final class OrderEventConsumer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OrderEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RETRY_PAUSE_MILLIS = 1000;

    private final OrderEventProcessor processor;
    private final ObjectMapper json;
    private final ConsumerProperties properties;
    private final String bootstrapServers;
    private final String topic;
    private final String instance;
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running;

    public OrderEventConsumer(
            OrderEventProcessor processor,
            ObjectMapper json,
            ConsumerProperties properties,
            String bootstrapServers,
            String topic,
            String instance) {
        this.processor = processor;
        this.json = json;
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.instance = instance;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < properties.concurrency(); i++) {
            Worker worker = new Worker(instance + "-consumer-" + i);
            workers.add(worker);
            Thread thread = new Thread(worker, worker.clientId);
            thread.setDaemon(true);
            thread.start();
        }
        log.info(
                "consuming {} from {} in group {}: {} consumer(s), max.poll.records {}, dedupe {}",
                topic,
                bootstrapServers,
                properties.group(),
                properties.concurrency(),
                properties.maxPollRecords(),
                properties.dedupe() ? "on" : "off");
    }

    @Override
    public void stop() {
        running = false;
        workers.forEach(Worker::wakeup);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private Properties consumerConfig(String clientId) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.group());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        config.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return config;
    }

    private final class Worker implements Runnable {
        private final String clientId;
        private volatile KafkaConsumer<String, String> consumer;

        Worker(String clientId) {
            this.clientId = clientId;
        }

        void wakeup() {
            KafkaConsumer<String, String> current = consumer;
            if (current != null) {
                current.wakeup();
            }
        }

        @Override
        public void run() {
            while (running) {
                try (KafkaConsumer<String, String> kafka =
                        new KafkaConsumer<>(consumerConfig(clientId))) {
                    consumer = kafka;
                    kafka.subscribe(List.of(topic));
                    while (running) {
                        ConsumerRecords<String, String> records = kafka.poll(POLL);
                        if (!records.isEmpty()) {
                            processBatch(kafka, records);
                        }
                    }
                } catch (WakeupException e) {
                    // stop() asked to leave
                } catch (RuntimeException e) {
                    // A consumer in a bad state (fenced out of the group, a commit refused ...):
                    // start afresh.
                    log.warn(
                            "{}: consumer failed, starting a new one in {} ms: {}",
                            clientId,
                            RETRY_PAUSE_MILLIS,
                            Failures.describe(e));
                    pause();
                }
            }
        }

        private void processBatch(
                KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records) {
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            Set<TopicPartition> failed = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (failed.contains(partition)) {
                    continue; // its later records wait for the retry, in order
                }
                try {
                    apply(record);
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (RuntimeException e) {
                    log.warn(
                            "{}: event at {}-{} offset {} not applied, retrying from there in {} ms: {}",
                            clientId,
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            RETRY_PAUSE_MILLIS,
                            Failures.describe(e));
                    kafka.seek(partition, record.offset());
                    failed.add(partition);
                }
            }
            if (!done.isEmpty()) {
                kafka.commitSync(done);
            }
            if (!failed.isEmpty()) {
                pause();
            }
        }

        private void apply(ConsumerRecord<String, String> record) {
            OrderEvent event;
            try {
                event = json.readValue(record.value(), OrderEvent.class);
            } catch (IOException e) {
                // A record that can never be read would block its partition forever: skip it,
                // loudly.
                log.warn(
                        "{}: unreadable event at {}-{} offset {} skipped: {}",
                        clientId,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
                return;
            }
            if (event.eventId() == null || event.orderId() == null || event.producedBy() == null) {
                log.warn(
                        "{}: event at {}-{} offset {} lacks eventId, orderId or producedBy: skipped",
                        clientId,
                        record.topic(),
                        record.partition(),
                        record.offset());
                return;
            }
            processor.process(event, record.partition(), record.offset());
        }

        private void pause() {
            try {
                Thread.sleep(RETRY_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
