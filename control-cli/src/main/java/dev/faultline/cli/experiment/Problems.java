// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the errors of an experiment file, so that one reading reports them all instead of the
 * first.
 */
final class Problems {
    private static final int MOST = 30;
    private final List<String> messages = new ArrayList<>();

    /** Runs one part of the reading; its error is recorded and the part gives {@code null}. */
    <T> T attempt(Supplier<T> part) {
        try {
            return part.get();
        } catch (ExperimentException e) {
            for (String problem : e.problems()) {
                if (messages.size() < MOST && !messages.contains(problem)) {
                    messages.add(problem);
                }
            }
            return null;
        }
    }

    void attempt(Runnable part) {
        attempt(
                () -> {
                    part.run();
                    return null;
                });
    }

    void add(String message) {
        if (messages.size() < MOST) {
            messages.add(message);
        }
    }

    boolean any() {
        return !messages.isEmpty();
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ExperimentException(messages);
        }
    }
}
