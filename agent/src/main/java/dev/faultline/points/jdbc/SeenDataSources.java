// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.ActiveFault;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.sql.DataSource;

/**
 * The DataSources the application has borrowed from while a {@code jdbc.pool} or {@code
 * jdbc.server} fault was active: held weakly (an undeployed application's pool may go), by
 * identity. An {@code exhaust} fault waits here, for as long as it lasts, for the application to
 * use a matching one.
 */
final class SeenDataSources {
    /** How often a waiting fault looks whether it has ended (a new DataSource wakes it at once). */
    private static final long RECHECK_MILLIS = 200;

    private final Map<DataSource, Boolean> seen = new WeakHashMap<>();

    /** Counts additions, so that a waiter that matched outside the lock misses none. */
    private long additions;

    /** Notes a DataSource; {@code true} when it is new. Wakes the faults waiting for one. */
    synchronized boolean add(Object target) {
        if (!(target instanceof DataSource)
                || seen.putIfAbsent((DataSource) target, Boolean.TRUE) != null) {
            return false;
        }
        additions++;
        notifyAll();
        return true;
    }

    /**
     * The DataSources a fault matches that are not in {@code known}, waiting for the application to
     * borrow from one for as long as the fault lasts: a service that is quiet when the fault is
     * enabled is exhausted at its first use, not left alone. Empty only when the fault has ended.
     */
    List<DataSource> awaitMatching(ActiveFault fault, Collection<DataSource> known)
            throws InterruptedException {
        while (!fault.hasEnded()) {
            List<DataSource> all;
            long version;
            synchronized (this) {
                all = new ArrayList<>(seen.keySet());
                version = additions;
            }
            // Matched outside the lock: the application's borrowing threads pass through add().
            List<DataSource> matching = new ArrayList<>();
            for (DataSource source : all) {
                if (!containsIdentical(known, source) && fault.matches(source, null)) {
                    matching.add(source);
                }
            }
            if (!matching.isEmpty()) {
                return matching;
            }
            synchronized (this) {
                if (additions == version) {
                    wait(RECHECK_MILLIS);
                }
            }
        }
        return Collections.emptyList();
    }

    private static boolean containsIdentical(Collection<DataSource> known, DataSource source) {
        for (DataSource each : known) {
            if (each == source) {
                return true;
            }
        }
        return false;
    }
}
