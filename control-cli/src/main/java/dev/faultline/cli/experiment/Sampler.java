// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples each probe on a thread of its own, on its schedule: a slow probe (an HTTP timeout, a hung
 * JMX call) delays only its own next sample, never the others or the method. A sample due while the
 * previous one is still running is skipped, not queued.
 */
final class Sampler implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    void start(String name, long everyMillis, Probes.Probe probe, Series series, Journal journal) {
        Thread thread =
                new Thread(
                        () -> loop(everyMillis, probe, series, journal), "faultline-probe-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** A periodic task that is not a probe (the loads' per-second series). */
    void every(String name, long everyMillis, Runnable task) {
        Thread thread =
                new Thread(
                        () -> {
                            long next = System.nanoTime();
                            while (running) {
                                next += TimeUnit.MILLISECONDS.toNanos(everyMillis);
                                if (!sleepUntil(next)) {
                                    return;
                                }
                                task.run();
                            }
                        },
                        "faultline-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void loop(long everyMillis, Probes.Probe probe, Series series, Journal journal) {
        long period = TimeUnit.MILLISECONDS.toNanos(everyMillis);
        long next = System.nanoTime();
        while (running) {
            long t = journal.now();
            Series.Sample sample;
            try {
                sample = new Series.Sample(t, probe.read(), null);
            } catch (InterruptedException e) {
                return;
            } catch (Exception | LinkageError e) {
                sample = new Series.Sample(t, null, message(e));
            }
            if (!running) {
                return;
            }
            series.add(sample);
            next += period;
            long now = System.nanoTime();
            if (next < now) {
                next +=
                        ((now - next) / period + 1)
                                * period; // skip the samples that fell due meanwhile
            }
            if (!sleepUntil(next)) {
                return;
            }
        }
    }

    private boolean sleepUntil(long nanos) {
        long wait = nanos - System.nanoTime();
        if (wait <= 0) {
            return running;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof java.net.ConnectException
                || e.getCause() instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
