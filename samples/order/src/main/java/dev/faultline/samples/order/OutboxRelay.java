// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import dev.faultline.samples.support.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes the outbox, one thread, in id order: sends a small batch, waits for each
 * acknowledgement in turn, marks the acknowledged prefix sent. At the first failure the rest of the
 * batch is sent again later (at-least-once: the consumer's dedupe removes the copies), after a
 * backoff doubling from 100 ms to 5 s while the broker stays away. An event's seq is its outbox id:
 * the order events were stored in, across restarts of the service.
 */
public final class OutboxRelay implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 50;
    private static final long IDLE_WAIT_MILLIS = 200;
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5000;

    /**
     * Longer than the producer's delivery.timeout.ms: the producer gives the verdict, not this
     * wait.
     */
    private static final long ACK_WAIT_MILLIS = 20_000;

    private final Outbox outbox;
    private final OrderEventProducer producer;
    private final EventCounters counters;
    private final Object signal = new Object();
    private volatile boolean running;
    private Thread thread;
    private long backoffMillis;

    public OutboxRelay(Outbox outbox, OrderEventProducer producer, EventCounters counters) {
        this.outbox = outbox;
        this.producer = producer;
        this.counters = counters;
    }

    /** A new event is in the outbox: publish now rather than at the next idle check. */
    public void wakeUp() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                List<Outbox.Entry> batch = outbox.unsent(BATCH);
                if (batch.isEmpty()) {
                    idle();
                    continue;
                }
                if (publish(batch)) {
                    if (backoffMillis > 0) {
                        log.info("outbox relay publishing again");
                    }
                    backoffMillis = 0;
                } else {
                    backoffMillis =
                            backoffMillis == 0
                                    ? MIN_BACKOFF_MILLIS
                                    : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
                    Thread.sleep(backoffMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn(
                        "outbox relay cannot read the outbox, retrying in {} ms: {}",
                        MAX_BACKOFF_MILLIS,
                        Failures.describe(e));
                sleepQuietly(MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** True when the whole batch was acknowledged. */
    private boolean publish(List<Outbox.Entry> batch) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (Outbox.Entry entry : batch) {
            acks.add(producer.send(entry.eventId(), entry.id(), entry.order(), null));
        }
        List<Long> sent = new ArrayList<>();
        String failure = null;
        for (int i = 0; i < batch.size() && failure == null; i++) {
            try {
                acks.get(i).get(ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                sent.add(batch.get(i).id());
            } catch (ExecutionException | TimeoutException e) {
                failure = Failures.describe(e);
                outbox.markAttempted(batch.get(i).id());
            }
        }
        if (!sent.isEmpty()) {
            outbox.markSent(sent);
            counters.addPublished(sent.size());
        }
        if (failure != null) {
            counters.addFailed();
            if (backoffMillis == 0) {
                log.warn(
                        "outbox relay: event {} not acknowledged, {} event(s) wait in the outbox, retrying with backoff: {}",
                        batch.get(sent.size()).eventId(),
                        batch.size() - sent.size(),
                        failure);
            }
            return false;
        }
        return true;
    }

    private void idle() throws InterruptedException {
        synchronized (signal) {
            signal.wait(IDLE_WAIT_MILLIS);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
