package dev.faultline.samples.support.database;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * The service's Hikari pool as its MBean shows it: read without borrowing a connection, so it can
 * be asked while every connection is taken.
 */
public final class DatabasePool {
    private final HikariDataSource dataSource;

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

    /** The pool's figures now, or null before the pool has started. */
    public Usage usage() {
        HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        if (pool == null) {
            return null;
        }
        return new Usage(pool.getActiveConnections(), pool.getIdleConnections(), pool.getTotalConnections(),
                pool.getThreadsAwaitingConnection(), dataSource.getMaximumPoolSize());
    }

    public record Usage(int active, int idle, int total, int awaiting, int max) {
        /** Every connection is in use and requests are queueing for one. */
        public boolean exhausted() {
            return active >= max && awaiting > 0;
        }
    }
}
