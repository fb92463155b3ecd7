// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Arrays;
import java.util.List;

/**
 * Kafka: {@code kafka.send} and {@code kafka.poll}, on the application's own kafka-clients (3.x or
 * 4.x), which the agent never bundles. Without kafka-clients these points stay uninstrumented and
 * say so ({@code "instrumented": false}).
 */
public final class KafkaModule implements PointModule {

    @Override
    public List<InjectionPoint> points() {
        return Arrays.asList(new KafkaSendPoint(), new KafkaPollPoint());
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Arrays.asList(new KafkaSendInstrumentation(), new KafkaPollInstrumentation());
    }

    /** The instrumented classes themselves. */
    @Override
    public List<String> classFileMarkers() {
        return Arrays.asList(
                "org/apache/kafka/clients/producer/KafkaProducer",
                "org/apache/kafka/clients/consumer/KafkaConsumer");
    }
}
