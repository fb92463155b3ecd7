// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.ErrorClasses;
import dev.faultline.core.FaultSpec;

/**
 * The exceptions of {@code kafka.send} and {@code kafka.poll} faults, in Kafka's own types and
 * words.
 */
final class KafkaErrors {

    private KafkaErrors() {}

    /**
     * Checks a Kafka fault's error fields, the class as far as it can be known before the
     * application loads kafka-clients.
     */
    static void validate(FaultSpec spec) {
        if (spec.error() == null) {
            return;
        }
        ErrorClasses.check(spec.error(), ACCEPTED);
    }

    /**
     * Kafka's errors: unchecked, simple names in org.apache.kafka.common.errors, which the agent
     * may not see before the application loads kafka-clients.
     */
    static final ErrorClasses.Accepted ACCEPTED =
            ErrorClasses.Accepted.anyThrowable(
                            "a KafkaException subclass such as NetworkException or "
                                    + "org.apache.kafka.common.errors.NotLeaderOrFollowerException")
                    .simpleNamesMaybeIn(KafkaClients.ERRORS_PACKAGE)
                    .only("is not an unchecked exception", RuntimeException.class);

    /**
     * The exception of an {@code error} fault on a send: by default the producer's own expiry of
     * the batch.
     */
    static RuntimeException create(FaultSpec spec, Object producer, Object record)
            throws ReflectiveOperationException {
        String type = spec.error() != null ? spec.error() : "TimeoutException";
        String message =
                spec.message() != null
                        ? spec.message()
                        : spec.error() == null
                                ? expiredMessage(record, KafkaClients.deliveryTimeoutMs(producer))
                                : "Injected "
                                        + KafkaClients.qualified(type)
                                                .substring(
                                                        KafkaClients.qualified(type)
                                                                        .lastIndexOf('.')
                                                                + 1)
                                        + " for "
                                        + KafkaClients.topic(record)
                                        + "-"
                                        + KafkaClients.partition(record);
        return KafkaClients.exception(record, type, message, spec.id());
    }

    /** The message of the producer's {@code TimeoutException} when a batch expires undelivered. */
    static String expiredMessage(Object record, int deliveryTimeoutMs)
            throws ReflectiveOperationException {
        return "Expiring 1 record(s) for "
                + KafkaClients.topic(record)
                + "-"
                + KafkaClients.partition(record)
                + ":"
                + deliveryTimeoutMs
                + " ms has passed since batch creation";
    }
}
