// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.database;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code pool} health component of improved mode (experiment 3): DOWN while every connection is
 * in use and requests wait for one or timed out waiting in the last 5 s. It reads the pool's MBean
 * and never borrows a connection, unlike Spring's {@code db} component, which waits for one and so
 * hangs with the pool.
 */
public final class PoolHealthIndicator extends AbstractHealthIndicator {
    private final DatabasePool pool;

    public PoolHealthIndicator(DatabasePool pool) {
        this.pool = pool;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("pool", pool.name());
        DatabasePool.Usage usage = pool.usage();
        if (usage == null) {
            builder.status(Status.UNKNOWN).withDetail("state", "not started");
            return;
        }
        builder.status(usage.exhausted() ? Status.DOWN : Status.UP)
                .withDetail("active", usage.active())
                .withDetail("idle", usage.idle())
                .withDetail("total", usage.total())
                .withDetail("max", usage.max())
                .withDetail("threadsAwaitingConnection", usage.awaiting())
                .withDetail("recentTimeout", usage.recentTimeout());
    }
}
