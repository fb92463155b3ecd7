// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.database;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * The service's Hikari pool as its MBean shows it: read without borrowing a connection, so it can
 * be asked while every connection is taken.
 */
public final class DatabasePool {
    /**
     * How long a request that timed out waiting for a connection keeps the pool reported exhausted.
     */
    private static final long RECENT_TIMEOUT_NANOS =
            java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final HikariDataSource dataSource;
    private volatile long lastTimeoutNanos;
    private volatile boolean timedOut;

    public DatabasePool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public String name() {
        return dataSource.getPoolName();
    }

    /** How long a borrower waits for a connection before the pool gives up. */
    public long connectionTimeoutMillis() {
        return dataSource.getConnectionTimeout();
    }

    /** A request gave up waiting for a connection. */
    public void timedOut() {
        lastTimeoutNanos = System.nanoTime();
        timedOut = true;
    }

    /** The pool's figures now, or null before the pool has started. */
    public Usage usage() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        if (pool == null) {
            return null;
        }
        boolean recentTimeout =
                timedOut && System.nanoTime() - lastTimeoutNanos < RECENT_TIMEOUT_NANOS;
        return new Usage(
                pool.getActiveConnections(),
                pool.getIdleConnections(),
                pool.getTotalConnections(),
                pool.getThreadsAwaitingConnection(),
                dataSource.getMaximumPoolSize(),
                recentTimeout);
    }

    /**
     * @param recentTimeout a request timed out waiting for a connection within the last 5 s
     */
    public record Usage(
            int active, int idle, int total, int awaiting, int max, boolean recentTimeout) {
        /**
         * Every connection is in use and requests queue for one, or have just given up waiting (a
         * probe between two requests would otherwise see no one waiting).
         */
        public boolean exhausted() {
            return active >= max && (awaiting > 0 || recentTimeout);
        }
    }
}
