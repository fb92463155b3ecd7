// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.ArrayList;
import java.util.List;

/**
 * One probe's samples, in time order. Written by its sampling thread, read by the judge, the
 * guardrails and the progress view.
 */
public final class Series {
    /**
     * At most this many samples are kept (a day at one per second); later ones are counted, not
     * stored.
     */
    static final int CAPACITY = 86_400;

    /**
     * @param t milliseconds since the run started; @param value a number or a text, {@code null}
     *     with {@code error} when the sample failed
     */
    public record Sample(long t, Object value, String error) {}

    final String name;
    final String unit;
    final long everyMillis;
    private final List<Sample> samples = new ArrayList<>();
    private long dropped;

    Series(String name, String unit, long everyMillis) {
        this.name = name;
        this.unit = unit;
        this.everyMillis = everyMillis;
    }

    synchronized void add(Sample sample) {
        if (samples.size() < CAPACITY) {
            samples.add(sample);
        } else {
            dropped++;
        }
    }

    synchronized List<Sample> snapshot() {
        return new ArrayList<>(samples);
    }

    synchronized Sample latest() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    synchronized long dropped() {
        return dropped;
    }
}
