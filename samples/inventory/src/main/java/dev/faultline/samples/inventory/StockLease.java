// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import dev.faultline.samples.support.coordination.CoordinationClient;
import dev.faultline.samples.support.coordination.CoordinationUnavailableException;
import dev.faultline.samples.support.coordination.LeaseAttempt;
import dev.faultline.samples.support.coordination.LeaseGrant;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The coordination lease {@code stock}, held around each read-modify-write of stock. Coordination
 * knows holders by instance id, so the threads of one instance take turns on a local lock first;
 * then the lease is asked for until {@code lease-wait} has passed. Never renewed: a write that
 * outlives its lease is exactly what fencing must refuse.
 */
public final class StockLease {
    static final String NAME = "stock";
    private static final Logger log = LoggerFactory.getLogger(StockLease.class);
    private static final long RETRY_MILLIS = 20;

    private final CoordinationClient coordination;
    private final String holder;
    private final Duration ttl;
    private final Duration wait;
    private final ReentrantLock turn = new ReentrantLock(true);

    public StockLease(CoordinationClient coordination, String holder, Duration ttl, Duration wait) {
        this.coordination = coordination;
        this.holder = holder;
        this.ttl = ttl;
        this.wait = wait;
    }

    /**
     * The lease, held by this thread until {@link #release}; or a 503 refusal with outcome {@code
     * no-lease}.
     */
    public LeaseGrant acquire() {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!turn.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw refused(
                        "stock lease not obtained: other reservations of "
                                + holder
                                + " waited for it longer than "
                                + wait.toMillis()
                                + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("stock lease not obtained: interrupted");
        }
        try {
            while (true) {
                LeaseAttempt attempt = coordination.acquireLease(NAME, holder, ttl);
                if (attempt.isGranted()) {
                    return attempt.grant();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw refused(
                            "stock lease held by "
                                    + attempt.heldBy()
                                    + " (waited "
                                    + wait.toMillis()
                                    + " ms)");
                }
                Thread.sleep(RETRY_MILLIS);
            }
        } catch (CoordinationUnavailableException e) {
            turn.unlock();
            throw refused("stock lease not obtained: " + e.getMessage());
        } catch (InterruptedException e) {
            turn.unlock();
            Thread.currentThread().interrupt();
            throw refused("stock lease not obtained: interrupted");
        } catch (RuntimeException e) {
            turn.unlock();
            throw e;
        }
    }

    /** Gives the lease back; if coordination cannot be told, the lease simply expires. */
    public void release(LeaseGrant grant) {
        try {
            coordination.releaseLease(grant);
        } catch (RuntimeException e) {
            log.warn(
                    "stock lease token {} not released ({}): it expires at {}",
                    grant.token(),
                    e.getMessage(),
                    grant.expiresAt());
        } finally {
            turn.unlock();
        }
    }

    private static ReservationRefused refused(String reason) {
        return new ReservationRefused(HttpStatus.SERVICE_UNAVAILABLE, "no-lease", reason);
    }
}
