// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.DaemonThreads;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecField;
import dev.faultline.core.SpecForms;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code kafka.send}: {@code KafkaProducer.send(record, callback)}. Failures arrive the way Kafka
 * delivers them: through the returned {@code Future} and the {@code Callback}, on a thread of the
 * agent's (as the producer's network thread would), never as a throw from {@code send}.
 */
final class KafkaSendPoint extends AbstractInjectionPoint {
    /**
     * Stands in for the producer's network thread: callbacks run here, and hangs time out here.
     * Started on first use.
     */
    private final ScheduledExecutorService delivery =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("kafka-producer-network-thread | faultline"));

    /**
     * Sends held by a healed {@code hang} go out from here, so that no application thread waits for
     * them.
     */
    private final ExecutorService healed =
            Executors.newCachedThreadPool(DaemonThreads.named("faultline-kafka-healed-sends"));

    private final HeldSends held = new HeldSends(delivery, healed);

    /** How many times a {@code duplicate} fault sends the record (the send itself included). */
    static final SpecField<Integer> COPIES =
            SpecField.of("copies", SpecForms.wholeNumber(2, 1000, "a whole number from 2 to 1000"))
                    .actions(Action.DUPLICATE)
                    .byDefault(2)
                    .listed()
                    .onCommandLine()
                    .describedAs("how many times the record is sent, the send itself included");

    @Override
    public List<SpecField<?>> fields() {
        return Collections.singletonList(COPIES);
    }

    KafkaSendPoint() {
        super(
                "kafka.send",
                EnumSet.of(Action.DELAY, Action.ERROR, Action.HANG, Action.DROP, Action.DUPLICATE),
                Arrays.asList("topic"));
    }

    @Override
    public Object detail(Object producer, Object record, Object callback) {
        try {
            return KafkaClients.topic(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot read the topic of " + record.getClass().getName(), e);
        }
    }

    @Override
    public String matchValue(String key, Object producer, Object topic) {
        return (String) topic;
    }

    @Override
    public void validate(FaultSpec spec) {
        KafkaErrors.validate(spec);
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException(
                "kafka.send delivers its errors through the Future");
    }

    @Override
    public Object replace(
            ActiveFault fault, Object producer, Object record, Object callback, Object topic) {
        try {
            switch (fault.spec().action()) {
                case ERROR:
                    return failed(KafkaErrors.create(fault.spec(), producer, record), callback);
                case DROP:
                    return succeeded(KafkaClients.recordMetadata(record), callback);
                case HANG:
                    return hang(fault, producer, record, callback);
                case DUPLICATE:
                    for (int copy = 1; copy < fault.spec().get(COPIES); copy++) {
                        KafkaClients.send(
                                producer, record,
                                null); // the application's callback hears of its send once
                    }
                    return null;
                default:
                    return null;
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kafka-clients did not behave as expected", e);
        }
    }

    private CompletableFuture<Object> failed(RuntimeException exception, Object callback) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        delivery.execute(() -> deliver(future, callback, null, exception));
        return future;
    }

    private CompletableFuture<Object> succeeded(Object metadata, Object callback) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        delivery.execute(() -> deliver(future, callback, metadata, null));
        return future;
    }

    /**
     * Broker partition: no acknowledgement. After the producer's own {@code delivery.timeout.ms}
     * the send fails as the producer fails it. If the fault ends first, the partition has healed:
     * the record is sent for real, as the producer's retries would deliver it, and the Future and
     * callback report that real outcome.
     */
    private CompletableFuture<Object> hang(
            ActiveFault fault, Object producer, Object record, Object callback)
            throws ReflectiveOperationException {
        int timeoutMs = KafkaClients.deliveryTimeoutMs(producer);
        RuntimeException expiry =
                KafkaClients.exception(
                        record,
                        "TimeoutException",
                        KafkaErrors.expiredMessage(record, timeoutMs),
                        fault.spec().id());
        return held.hold(fault, producer, record, callback, timeoutMs, expiry);
    }

    /**
     * Stops the delivery threads (the agent is detached; its faults have ended and released their
     * sends).
     */
    @Override
    public void close() {
        healed.shutdown();
        delivery.shutdownNow();
    }

    /** Completes the Future and then calls the callback, in the order the producer does. */
    static void deliver(
            CompletableFuture<Object> future,
            Object callback,
            Object metadata,
            Exception exception) {
        if (exception == null) {
            future.complete(metadata);
        } else {
            future.completeExceptionally(exception);
        }
        try {
            KafkaClients.complete(callback, metadata, exception);
        } catch (ReflectiveOperationException | RuntimeException callbackFailure) {
            // The producer logs and swallows what a callback throws; so do we.
        }
    }
}
