// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.ClassNames;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;

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
        if (!ClassNames.isValid(spec.error())) {
            throw SpecException.field(
                    "error",
                    "'"
                            + spec.error()
                            + "' is not a class name; expected e.g. NetworkException or "
                            + "org.apache.kafka.common.errors.NotLeaderOrFollowerException");
        }
        Class<?> type;
        try {
            type =
                    Class.forName(
                            KafkaClients.qualified(spec.error()),
                            false,
                            KafkaErrors.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notVisibleHere) {
            return; // kafka-clients may live in a class loader of the application's; resolved on
            // injection
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            throw SpecException.field(
                    "error",
                    type.getName()
                            + " is not a Throwable subclass; expected a KafkaException subclass such as NetworkException");
        }
        if (!RuntimeException.class.isAssignableFrom(type)) {
            throw SpecException.field(
                    "error",
                    type.getName()
                            + " is not an unchecked exception; Kafka's errors are KafkaException subclasses");
        }
    }

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
        return KafkaClients.exception(record, type, message);
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
