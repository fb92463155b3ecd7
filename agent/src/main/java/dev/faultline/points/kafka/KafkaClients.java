// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.ErrorClasses;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.concurrent.Future;

/**
 * The application's kafka-clients, reached by reflection: the agent bundles no Kafka classes and
 * must work with whichever version (3.x, 4.x) the application has. Used only while a fault acts.
 */
final class KafkaClients {
    static final String ERRORS_PACKAGE = "org.apache.kafka.common.errors.";

    /** kafka-clients' default {@code delivery.timeout.ms}. */
    static final int DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    private KafkaClients() {}

    static String topic(Object record) throws ReflectiveOperationException {
        return (String) record.getClass().getMethod("topic").invoke(record);
    }

    /** The record's partition, or 0 when the producer's partitioner would choose it. */
    static int partition(Object record) throws ReflectiveOperationException {
        Integer partition = (Integer) record.getClass().getMethod("partition").invoke(record);
        return partition == null ? 0 : partition;
    }

    /** {@code delivery.timeout.ms} of a KafkaProducer, read from its configuration. */
    static int deliveryTimeoutMs(Object producer) {
        try {
            Field field = producer.getClass().getDeclaredField("producerConfig");
            field.setAccessible(true);
            Object config = field.get(producer);
            return (Integer)
                    config.getClass()
                            .getMethod("getInt", String.class)
                            .invoke(config, "delivery.timeout.ms");
        } catch (ReflectiveOperationException | RuntimeException unknownLayout) {
            return DEFAULT_DELIVERY_TIMEOUT_MS;
        }
    }

    /**
     * A Kafka exception of the application's kafka-clients; a simple name stands for {@code
     * org.apache.kafka.common.errors}.
     */
    static RuntimeException exception(
            Object from, String className, String message, String faultId) {
        // only RuntimeExceptions are accepted: the cast cannot fail
        return (RuntimeException)
                ErrorClasses.create(
                        className,
                        KafkaErrors.ACCEPTED,
                        from.getClass().getClassLoader(),
                        message,
                        faultId);
    }

    static String qualified(String className) {
        return className.indexOf('.') < 0 ? ERRORS_PACKAGE + className : className;
    }

    /**
     * The metadata a successful send reports: the record's topic and partition, offset -1 (as with
     * {@code acks=0}, where the broker tells no offset), the record's or the current timestamp.
     */
    static Object recordMetadata(Object record) throws ReflectiveOperationException {
        ClassLoader loader = record.getClass().getClassLoader();
        Class<?> topicPartition =
                Class.forName("org.apache.kafka.common.TopicPartition", false, loader);
        Object partition =
                topicPartition
                        .getConstructor(String.class, int.class)
                        .newInstance(topic(record), partition(record));
        Long timestamp = (Long) record.getClass().getMethod("timestamp").invoke(record);
        Class<?> metadata =
                Class.forName("org.apache.kafka.clients.producer.RecordMetadata", false, loader);
        return metadata.getConstructor(
                        topicPartition, long.class, int.class, long.class, int.class, int.class)
                .newInstance(
                        partition,
                        -1L,
                        0,
                        timestamp == null ? System.currentTimeMillis() : timestamp,
                        -1,
                        -1);
    }

    /**
     * Calls {@code producer.send(record, callback)}; the callback may be one of {@link #callback}.
     */
    @SuppressWarnings("unchecked")
    static Future<Object> send(Object producer, Object record, Object callback)
            throws ReflectiveOperationException {
        Method send =
                producer.getClass()
                        .getMethod(
                                "send",
                                record.getClass()
                                        .getClassLoader()
                                        .loadClass(
                                                "org.apache.kafka.clients.producer.ProducerRecord"),
                                callbackType(record));
        return (Future<Object>) send.invoke(producer, record, callback);
    }

    /**
     * Calls the application's {@code Callback.onCompletion(metadata, exception)}, if there is one.
     */
    static void complete(Object callback, Object metadata, Exception exception)
            throws ReflectiveOperationException {
        if (callback != null) {
            // Through the public interface: applications often pass lambdas, whose classes are not
            // public.
            ClassLoader loader = callback.getClass().getClassLoader();
            Class<?> callbackType =
                    Class.forName("org.apache.kafka.clients.producer.Callback", false, loader);
            Class<?> metadataType =
                    Class.forName(
                            "org.apache.kafka.clients.producer.RecordMetadata", false, loader);
            callbackType
                    .getMethod("onCompletion", metadataType, Exception.class)
                    .invoke(callback, metadata, exception);
        }
    }

    /** A {@code Callback} that hands the send's outcome to a Java function. */
    static Object callback(
            Object record, java.util.function.BiConsumer<Object, Exception> onCompletion)
            throws ClassNotFoundException {
        Class<?> type = callbackType(record);
        return java.lang.reflect.Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getName().equals("onCompletion")) {
                        onCompletion.accept(args[0], (Exception) args[1]);
                        return null;
                    }
                    return method.getName().equals("toString")
                            ? "faultline callback"
                            : method.invoke(onCompletion, args);
                });
    }

    /** The topics a consumer reads: its subscription, or the topics of its assigned partitions. */
    static Collection<?> topics(Object consumer) throws ReflectiveOperationException {
        Collection<?> subscription =
                (Collection<?>) consumer.getClass().getMethod("subscription").invoke(consumer);
        if (!subscription.isEmpty()) {
            return subscription;
        }
        java.util.Set<String> topics = new java.util.TreeSet<>();
        for (Object partition :
                (Collection<?>) consumer.getClass().getMethod("assignment").invoke(consumer)) {
            topics.add((String) partition.getClass().getMethod("topic").invoke(partition));
        }
        return topics;
    }

    private static Class<?> callbackType(Object record) throws ClassNotFoundException {
        return Class.forName(
                "org.apache.kafka.clients.producer.Callback",
                false,
                record.getClass().getClassLoader());
    }
}
