// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/** A fault's source of random decisions: reproducible when the spec gives a {@code seed}. */
final class Dice {
    private final SplittableRandom seeded;

    Dice(Long seed) {
        this.seeded = seed == null ? null : new SplittableRandom(seed);
    }

    /** Whether an event of the given probability happens this time. */
    boolean roll(double probability) {
        if (probability >= 1.0) {
            return true;
        }
        if (probability <= 0.0) {
            return false;
        }
        return nextDouble() < probability;
    }

    private double nextDouble() {
        if (seeded == null) {
            return ThreadLocalRandom.current().nextDouble();
        }
        synchronized (this) {
            return seeded.nextDouble();
        }
    }

    /** A value in {@code [0, bound)}. */
    long nextLong(long bound) {
        if (seeded == null) {
            return ThreadLocalRandom.current().nextLong(bound);
        }
        synchronized (this) {
            return seeded.nextLong(bound);
        }
    }
}
