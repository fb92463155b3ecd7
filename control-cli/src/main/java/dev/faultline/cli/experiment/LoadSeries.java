// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The outcomes of a load's requests, turned each second into the load's series: {@code
 * <load>.success-rate} (%), {@code .p50}, {@code .p95}, {@code .p99}, {@code .max} (ms of the
 * requests completed in that second), {@code .throughput} (requests completed per second).
 */
final class LoadSeries {
    static final List<String> NAMES =
            List.of("success-rate", "p50", "p95", "p99", "max", "throughput");

    private record Outcome(long millis, boolean ok) {}

    private final ConcurrentLinkedQueue<Outcome> completed = new ConcurrentLinkedQueue<>();
    private long total;
    private long failed;

    /**
     * Until the first request completes, an empty interval is the load warming up (a client's first
     * connection), not an outage.
     */
    private boolean anyCompleted;

    void record(long millis, boolean ok) {
        completed.add(new Outcome(millis, ok));
    }

    /** Writes one sample of each series from the requests completed since the last call. */
    void flush(String load, Map<String, Series> series, long t, long windowMillis) {
        int count = 0;
        int ok = 0;
        long[] latencies = new long[Math.max(16, completed.size() + 16)];
        for (Outcome outcome; (outcome = completed.poll()) != null; ) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = outcome.millis;
            ok += outcome.ok ? 1 : 0;
        }
        synchronized (this) {
            total += count;
            failed += count - ok;
            anyCompleted |= count > 0;
            if (!anyCompleted) {
                return;
            }
        }
        if (count == 0) {
            for (String name : NAMES) {
                series.get(load + "." + name)
                        .add(
                                name.equals("throughput")
                                        ? new Series.Sample(t, 0.0, null)
                                        : new Series.Sample(
                                                t, null, "no request completed in this interval"));
            }
            return;
        }
        Arrays.sort(latencies, 0, count);
        series.get(load + ".success-rate")
                .add(new Series.Sample(t, round(100.0 * ok / count), null));
        series.get(load + ".p50")
                .add(new Series.Sample(t, (double) percentile(latencies, count, 0.50), null));
        series.get(load + ".p95")
                .add(new Series.Sample(t, (double) percentile(latencies, count, 0.95), null));
        series.get(load + ".p99")
                .add(new Series.Sample(t, (double) percentile(latencies, count, 0.99), null));
        series.get(load + ".max").add(new Series.Sample(t, (double) latencies[count - 1], null));
        series.get(load + ".throughput")
                .add(new Series.Sample(t, round(count * 1000.0 / windowMillis), null));
    }

    synchronized long total() {
        return total;
    }

    synchronized long failed() {
        return failed;
    }

    static long percentile(long[] sorted, int count, double fraction) {
        int index = (int) Math.ceil(fraction * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
