// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.FaultSpec;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * {@code kafka.poll}: {@code KafkaConsumer.poll}. A delay is a slow consumer (lag grows); the
 * default error is the consumer's own timeout while it cannot find its position.
 */
final class KafkaPollPoint extends AbstractInjectionPoint {
    /** kafka-clients' default {@code default.api.timeout.ms}. */
    private static final int DEFAULT_API_TIMEOUT_MS = 60_000;

    KafkaPollPoint() {
        super("kafka.poll", EnumSet.of(Action.DELAY, Action.ERROR), Arrays.asList("topic"));
    }

    /**
     * The consumer's topics, comma-separated: a pattern matches when it is found in any of them.
     */
    @Override
    public String matchValue(String key, Object consumer, Object detail) {
        try {
            StringBuilder topics = new StringBuilder();
            for (Object topic : KafkaClients.topics(consumer)) {
                topics.append(topics.length() == 0 ? "" : ",").append(topic);
            }
            return topics.toString();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    @Override
    public void validate(FaultSpec spec) {
        KafkaErrors.validate(spec);
    }

    @Override
    public Throwable error(FaultSpec spec, Object consumer, String detail) {
        String topics = matchValue("topic", consumer, detail);
        String partition =
                topics == null || topics.isEmpty() ? "unknown" : topics.split(",")[0] + "-0";
        String message =
                spec.message() != null
                        ? spec.message()
                        : spec.error() == null
                                ? "Timeout of "
                                        + DEFAULT_API_TIMEOUT_MS
                                        + "ms expired before the position for partition "
                                        + partition
                                        + " could be determined"
                                : "Injected failure polling " + (topics == null ? "" : topics);
        return KafkaClients.exception(
                consumer,
                spec.error() != null ? spec.error() : "TimeoutException",
                message,
                spec.id());
    }
}
