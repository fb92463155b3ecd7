package dev.faultline.points.jdbc;

import dev.faultline.core.ActiveFault;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The DataSources the application has borrowed from while a {@code jdbc.pool} or {@code jdbc.server}
 * fault was active: held weakly (an undeployed application's pool may go), by identity.
 */
final class SeenDataSources {
    /** How long the application has to borrow from a matching DataSource after a fault is enabled. */
    static final long DISCOVERY_MILLIS = 5000;
    private final Map<DataSource, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

    /** Notes a DataSource; {@code true} when it is new. */
    boolean add(Object target) {
        return target instanceof DataSource && seen.putIfAbsent((DataSource) target, Boolean.TRUE) == null;
    }

    /**
     * The DataSources a fault matches, waiting up to {@link #DISCOVERY_MILLIS} for the application
     * to borrow from one; empty when it did not, or the fault ended.
     */
    List<DataSource> awaitMatching(ActiveFault fault) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DISCOVERY_MILLIS);
        while (true) {
            List<DataSource> matching = new ArrayList<>();
            for (DataSource source : all()) {
                if (fault.matches(source, null)) {
                    matching.add(source);
                }
            }
            if (!matching.isEmpty() || System.nanoTime() > deadline || fault.hasEnded()) {
                return matching;
            }
            Thread.sleep(50);
        }
    }

    private List<DataSource> all() {
        synchronized (seen) {
            return new ArrayList<>(seen.keySet());
        }
    }
}
