// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import dev.faultline.core.Protocol;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An enabled fault. {@link #close()} disables it (try-with-resources); its counters are read from
 * the agent while it is active and keep their last value once it has ended.
 */
public final class FaultHandle implements AutoCloseable {
    private final Faults faults;
    private final String id;
    private volatile long matched;
    private volatile long injected;
    private volatile boolean closed;

    FaultHandle(Faults faults, String id) {
        this.faults = faults;
        this.id = id;
    }

    /** The fault's id in the agent. */
    public String id() {
        return id;
    }

    /** Calls that matched the fault so far (whether or not it acted on them). */
    public long matched() {
        snapshot();
        return matched;
    }

    /** Calls the fault acted on so far. */
    public long injected() {
        snapshot();
        return injected;
    }

    /** Whether the fault is still active (not disabled, not expired). */
    public boolean active() {
        return !closed && faults.find(id) != null;
    }

    /**
     * Waits until the fault has acted on at least {@code count} calls; fails the test with the
     * counters when it has not within {@code timeout}.
     */
    public FaultHandle awaitInjected(long count, Duration timeout) {
        return await(Protocol.STATUS_INJECTED, count, timeout);
    }

    /**
     * Waits until at least {@code count} calls have matched the fault; fails the test with the
     * counters when they have not within {@code timeout}.
     */
    public FaultHandle awaitMatched(long count, Duration timeout) {
        return await(Protocol.STATUS_MATCHED, count, timeout);
    }

    /** Disables the fault (no error when it has already ended). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        snapshot();
        faults.disable(id);
        closed = true;
    }

    /** Reads the counters while the fault is listed; an ended fault keeps the last ones read. */
    boolean snapshot() {
        if (closed) {
            return false;
        }
        Map<String, Object> fault = faults.find(id);
        if (fault == null) {
            return false;
        }
        matched = ((Number) fault.get(Protocol.STATUS_MATCHED)).longValue();
        injected = ((Number) fault.get(Protocol.STATUS_INJECTED)).longValue();
        return true;
    }

    private FaultHandle await(String counter, long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean listed = snapshot();
            long value = counter.equals(Protocol.STATUS_INJECTED) ? injected : matched;
            if (value >= count) {
                return this;
            }
            // An ended fault's counters no longer move: no use waiting for the deadline.
            if (!listed || System.nanoTime() >= deadline) {
                throw new AssertionError(
                        "fault "
                                + id
                                + " in "
                                + faults.describe()
                                + ": expected "
                                + counter
                                + " >= "
                                + count
                                + " within "
                                + timeout.toMillis()
                                + " ms, but matched "
                                + matched
                                + ", injected "
                                + injected
                                + (closed ? " (closed)" : !listed ? " (ended)" : ""));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for fault " + id, e);
            }
        }
    }

    @Override
    public String toString() {
        return "FaultHandle[" + id + " in " + faults.describe() + "]";
    }
}
