// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.Libraries;
import dev.faultline.points.Library;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Kafka: {@code kafka.send} and {@code kafka.poll}, on the application's own kafka-clients (3.x or
 * 4.x), which the agent never bundles. Without kafka-clients these points stay uninstrumented and
 * say so ({@code "instrumented": false}).
 */
public final class KafkaModule implements PointModule {

    /** kafka-clients: the tests run the oldest and newest. */
    static final Library KAFKA_CLIENTS =
            Library.named(
                            "kafka-clients",
                            "[3.0, 5)",
                            "org.apache.kafka.clients.producer.KafkaProducer")
                    .inPackage("org.apache.kafka.clients")
                    .versionIn("kafka/kafka-version.properties")
                    .needs(
                            "org.apache.kafka.clients.producer.KafkaProducer#send(2)",
                            "org.apache.kafka.clients.consumer.KafkaConsumer#poll(1)",
                            "org.apache.kafka.clients.producer.RecordMetadata",
                            "org.apache.kafka.common.TopicPartition",
                            "org.apache.kafka.common.errors.TimeoutException")
                    .build();

    @Override
    public List<InjectionPoint> points() {
        return Arrays.asList(new KafkaSendPoint(), new KafkaPollPoint());
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        List<Library> libraries = Collections.singletonList(KAFKA_CLIENTS);
        return Arrays.asList(
                Libraries.declare(new KafkaSendInstrumentation(), libraries),
                Libraries.declare(new KafkaPollInstrumentation(), libraries));
    }

    /** The instrumented classes themselves. */
    @Override
    public List<String> classFileMarkers() {
        return Arrays.asList(
                "org/apache/kafka/clients/producer/KafkaProducer",
                "org/apache/kafka/clients/consumer/KafkaConsumer");
    }
}
