// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.kafka;

import dev.faultline.core.ActiveFault;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sends a {@code hang} fault holds: each fails at the producer's delivery timeout unless the
 * fault ends first, when all still held are sent for real. Only sends still held are kept.
 */
final class HeldSends {
    private final Map<ActiveFault, Set<Held>> byFault = new ConcurrentHashMap<>();
    private final ScheduledExecutorService delivery;
    private final Executor healedSends;

    HeldSends(ScheduledExecutorService delivery, Executor healedSends) {
        this.delivery = delivery;
        this.healedSends = healedSends;
    }

    /** Holds a send and returns the Future the application gets for it. */
    CompletableFuture<Object> hold(
            ActiveFault fault,
            Object producer,
            Object record,
            Object callback,
            int timeoutMs,
            RuntimeException expiry) {
        Held held = new Held(producer, record, callback);
        Set<Held> sends =
                byFault.computeIfAbsent(
                        fault,
                        f -> {
                            Set<Held> created = ConcurrentHashMap.newKeySet();
                            f.whenEnded(() -> release(f), healedSends);
                            return created;
                        });
        sends.add(held);
        held.timeout =
                delivery.schedule(
                        () -> {
                            if (sends.remove(held)) {
                                KafkaSendPoint.deliver(held.future, callback, null, expiry);
                            }
                        },
                        timeoutMs,
                        TimeUnit.MILLISECONDS);
        return held.future;
    }

    /** The partition healed: sends what is still held, and reports the real outcome. */
    private void release(ActiveFault fault) {
        Set<Held> sends = byFault.remove(fault);
        if (sends == null) {
            return;
        }
        for (Held held : sends) {
            if (!sends.remove(held)) {
                continue; // timed out meanwhile
            }
            held.timeout.cancel(false);
            try {
                KafkaClients.send(
                        held.producer,
                        held.record,
                        KafkaClients.callback(
                                held.record,
                                (metadata, exception) ->
                                        KafkaSendPoint.deliver(
                                                held.future, held.callback, metadata, exception)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                KafkaSendPoint.deliver(
                        held.future,
                        held.callback,
                        null,
                        e instanceof RuntimeException
                                ? (RuntimeException) e
                                : new IllegalStateException(e));
            }
        }
    }

    private static final class Held {
        final Object producer;
        final Object record;
        final Object callback;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;

        Held(Object producer, Object record, Object callback) {
            this.producer = producer;
            this.record = record;
            this.callback = callback;
        }
    }
}
