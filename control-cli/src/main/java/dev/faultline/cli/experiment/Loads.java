// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import dev.faultline.cli.experiment.Experiment.LoadDef;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An experiment's load: built-in HTTP requests at a rate or a concurrency, or an external command.
 */
abstract class Loads {
    final LoadDef def;
    private volatile boolean running;

    Loads(LoadDef def) {
        this.def = def;
    }

    static Loads create(LoadDef def, LoadSeries series, Journal journal) {
        return def.url() != null ? new Http(def, series) : new Command(def, journal);
    }

    final synchronized void start() {
        if (!running) {
            running = true;
            begin();
        }
    }

    final synchronized void stop() {
        if (running) {
            running = false;
            end();
        }
    }

    boolean running() {
        return running;
    }

    abstract void begin();

    abstract void end();

    /**
     * HTTP requests; every outcome (status 2xx/3xx is a success; an error or a timeout a failure)
     * goes to the load's series.
     */
    static final class Http extends Loads {
        private final LoadSeries series;
        private final AtomicInteger inFlight = new AtomicInteger();
        private ExecutorService executor;
        private HttpClient client;
        private final List<Thread> threads = new ArrayList<>();

        Http(LoadDef def, LoadSeries series) {
            super(def);
            this.series = series;
        }

        @Override
        void begin() {
            executor = Executors.newFixedThreadPool(4, daemon("faultline-load-" + def.name()));
            client =
                    HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(def.timeout())
                            .executor(executor)
                            .build();
            if (def.rate() != null) {
                threads.add(thread("faultline-load-" + def.name(), this::atRate));
            } else {
                for (int i = 0; i < def.concurrency(); i++) {
                    threads.add(thread("faultline-load-" + def.name() + "-" + i, this::worker));
                }
            }
        }

        private HttpRequest request() {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(def.url()))
                            .timeout(def.timeout())
                            .method(
                                    def.method(),
                                    def.body() == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(def.body()));
            def.headers().forEach(request::header);
            return request.build();
        }

        /**
         * Sends at a fixed rate, each request on its own; more in flight than a timeout's worth is
         * counted as a failure, not sent.
         */
        private void atRate() {
            long intervalNanos = 1_000_000_000L / def.rate();
            int mostInFlight =
                    (int) Math.max(16, def.rate() * Math.max(1, def.timeout().toSeconds()) * 2);
            long next = System.nanoTime();
            while (running()) {
                if (inFlight.get() >= mostInFlight) {
                    series.record(0, false);
                } else {
                    inFlight.incrementAndGet();
                    long start = System.nanoTime();
                    client.sendAsync(request(), HttpResponse.BodyHandlers.discarding())
                            .whenComplete(
                                    (response, failure) -> {
                                        inFlight.decrementAndGet();
                                        series.record(
                                                (System.nanoTime() - start) / 1_000_000,
                                                failure == null && response.statusCode() < 400);
                                    });
                }
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else if (sleep < -1_000_000_000L) {
                    next = System.nanoTime(); // fell behind by a second: do not burst to catch up
                }
            }
        }

        private void worker() {
            while (running()) {
                long start = System.nanoTime();
                boolean ok;
                try {
                    ok =
                            client.send(request(), HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    < 400;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception failed) {
                    ok = false;
                }
                series.record((System.nanoTime() - start) / 1_000_000, ok);
            }
        }

        @Override
        void end() {
            threads.forEach(Thread::interrupt);
            for (Thread thread : threads) {
                try {
                    thread.join(def.timeout().toMillis() + 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            threads.clear();
            executor.shutdownNow();
        }
    }

    /**
     * An external load generator, started with the load and ended (with what it started) when the
     * load stops.
     */
    static final class Command extends Loads {
        private final Journal journal;
        private Process process;

        Command(LoadDef def, Journal journal) {
            super(def);
            this.journal = journal;
        }

        @Override
        void begin() {
            try {
                process = Shell.start(def.command());
                Process started = process;
                thread(
                        "faultline-load-" + def.name() + "-output",
                        () -> Shell.drain(started.getInputStream(), new ByteArrayOutputStream()));
            } catch (java.io.IOException e) {
                journal.event("load", "load " + def.name() + " could not start: " + e.getMessage());
            }
        }

        @Override
        void end() {
            if (process != null) {
                if (!process.isAlive()) {
                    journal.event(
                            "load",
                            "load "
                                    + def.name()
                                    + " had already ended, exit code "
                                    + process.exitValue());
                }
                Shell.stop(process);
            }
        }
    }

    static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return body -> {
            Thread thread = new Thread(body, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
