// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.ActiveFault;

/**
 * {@code jdbc.pool}: the application's own connection pools (HikariCP, DBCP2, Tomcat JDBC, any
 * {@code DataSource}). {@code exhaust} really borrows their connections and holds them, so the
 * application's threads wait and then fail with the pool's own timeout. Pools are found as the
 * application borrows from them while the fault is active; the held connections go back when it
 * ends.
 */
final class JdbcPoolPoint extends ExhaustPoint {

    JdbcPoolPoint(SeenDataSources seen) {
        super("jdbc.pool", "pool", "pools", "connections", seen);
    }

    /** Both jdbc.pool and jdbc.server faults make the advice report pools here. */
    @Override
    public void observe(Object target) {
        if (seen.add(target)) {
            markInstrumented(target.getClass().getName());
        }
    }

    /** The pool's name and class, such as {@code HikariPool-1 (HikariDataSource)}. */
    @Override
    public String matchValue(String key, Object pool, Object detail) {
        return PoolNames.of(pool);
    }

    @Override
    ExhaustionWorkers.Work work(ActiveFault fault) {
        return new PoolExhaustion(fault, seen);
    }
}
