// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.ActiveFault;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One {@code jdbc.pool exhaust} fault at work: waits for the application to borrow from a matching
 * pool, then borrows that pool's connections itself and holds them until the fault ends, so that
 * the application's threads wait and get the pool's own timeout.
 */
final class PoolExhaustion implements ExhaustionWorkers.Work {
    /** Getters of the pool's maximum size: HikariCP, DBCP2, Tomcat JDBC (and c3p0). */
    private static final String[] MAX_SIZE_GETTERS = {
        "getMaximumPoolSize", "getMaxTotal", "getMaxActive", "getMaxPoolSize"
    };

    private final ActiveFault fault;
    private final SeenDataSources pools;
    private final Map<DataSource, List<Connection>> held = new LinkedHashMap<>();
    private volatile String state = "waiting for the application to use a matching pool";

    PoolExhaustion(ActiveFault fault, SeenDataSources pools) {
        this.fault = fault;
        this.pools = pools;
    }

    /**
     * Exhausts each matching pool at its first use, for as long as the fault lasts (a second pool
     * too).
     */
    @Override
    public void run() {
        try {
            while (!fault.hasEnded()) {
                List<DataSource> known;
                synchronized (this) {
                    known = new ArrayList<>(held.keySet());
                }
                for (DataSource pool : pools.awaitMatching(fault, known)) {
                    exhaust(pool);
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns every held connection to its pool. */
    @Override
    public synchronized void release() {
        for (List<Connection> connections : held.values()) {
            connections.forEach(ExhaustPoint::closeQuietly);
        }
        held.clear();
        state = "released";
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state);
        synchronized (this) {
            held.forEach(
                    (pool, connections) ->
                            out.put("held:" + PoolNames.of(pool), connections.size()));
        }
        return out;
    }

    /**
     * Borrows until it holds what the fault asks (all: the pool's maximum size), while the fault
     * lasts.
     */
    private void exhaust(DataSource pool) throws InterruptedException {
        int maximum = maximumSize(pool);
        int wanted =
                fault.spec().get(ExhaustPoint.CONNECTIONS) == 0
                        ? maximum
                        : Math.min(fault.spec().get(ExhaustPoint.CONNECTIONS), maximum);
        synchronized (this) {
            held.put(pool, new ArrayList<>());
        }
        state =
                "taking "
                        + (wanted == Integer.MAX_VALUE ? "every" : String.valueOf(wanted))
                        + " connection(s) of "
                        + PoolNames.of(pool);
        while (!fault.hasEnded() && heldOf(pool) < wanted) {
            try {
                Connection connection = pool.getConnection();
                synchronized (this) {
                    if (fault.hasEnded()) {
                        connection.close();
                        return;
                    }
                    held.get(pool).add(connection);
                }
            } catch (SQLException poolTimedOut) {
                if (maximum == Integer.MAX_VALUE) {
                    break; // an unknown size: the pool has no more to give
                }
                Thread.sleep(50); // the application holds the rest; take them as it returns them
            }
        }
        if (!fault.hasEnded()) {
            state = "holding " + heldOf(pool) + " connection(s) of " + PoolNames.of(pool);
        }
    }

    private synchronized int heldOf(DataSource pool) {
        List<Connection> connections = held.get(pool);
        return connections == null ? 0 : connections.size();
    }

    private static int maximumSize(DataSource pool) {
        for (String getter : MAX_SIZE_GETTERS) {
            try {
                Method method = pool.getClass().getMethod(getter);
                Object size = method.invoke(pool);
                if (size instanceof Integer && (Integer) size > 0) {
                    return (Integer) size;
                }
            } catch (ReflectiveOperationException | RuntimeException next) {
                // try the next pool's convention
            }
        }
        return Integer.MAX_VALUE;
    }
}
