// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.coordination;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Named leases with fencing tokens. A lease is held by one holder until it is released or its TTL
 * passes; every grant carries a new token, higher than every token given before, across all lease
 * names and across restarts of the service: the first token is the wall clock in milliseconds at
 * start, so a restarted coordination never hands out a token an old holder still has. One lock for
 * all leases: grants are rare and short, and a single order of tokens is the point.
 */
public final class Leases {
    private final InstantSource clock;
    private final Map<String, Grant> grants = new HashMap<>();
    private long lastToken;

    public Leases(InstantSource clock) {
        this.clock = clock;
        this.lastToken = clock.millis() - 1;
    }

    /**
     * @param ttl what a renewal extends the lease by, unless it asks for another
     */
    public record Grant(
            String name, String holder, long token, Instant expiresAt, @JsonIgnore Duration ttl) {}

    /**
     * The grant, or empty when another holder (or the same one, who must renew instead) holds the
     * lease.
     */
    public synchronized Optional<Grant> acquire(String name, String holder, Duration ttl) {
        Instant now = clock.instant();
        Grant current = live(name, now);
        if (current != null) {
            return Optional.empty();
        }
        Grant grant = new Grant(name, holder, nextToken(), now.plus(ttl), ttl);
        grants.put(name, grant);
        return Optional.of(grant);
    }

    /**
     * The renewed grant (same token, TTL from now; the grant's own TTL when {@code ttl} is null),
     * or empty when the holder no longer holds the lease with that token.
     */
    public synchronized Optional<Grant> renew(
            String name, String holder, long token, Duration ttl) {
        Instant now = clock.instant();
        Grant current = live(name, now);
        if (current == null || !current.holder().equals(holder) || current.token() != token) {
            return Optional.empty();
        }
        Duration extension = ttl == null ? current.ttl() : ttl;
        Grant renewed = new Grant(name, holder, token, now.plus(extension), extension);
        grants.put(name, renewed);
        return Optional.of(renewed);
    }

    /** True when the holder held the lease with that token and it is now free. */
    public synchronized boolean release(String name, String holder, long token) {
        Grant current = live(name, clock.instant());
        if (current == null || !current.holder().equals(holder) || current.token() != token) {
            return false;
        }
        grants.remove(name);
        return true;
    }

    public synchronized Optional<Grant> current(String name) {
        return Optional.ofNullable(live(name, clock.instant()));
    }

    /** Forgets expired grants; returns how many. */
    public synchronized int sweep() {
        Instant now = clock.instant();
        int before = grants.size();
        grants.values().removeIf(grant -> !now.isBefore(grant.expiresAt()));
        return before - grants.size();
    }

    private Grant live(String name, Instant now) {
        Grant grant = grants.get(name);
        return grant == null || !now.isBefore(grant.expiresAt()) ? null : grant;
    }

    private long nextToken() {
        lastToken = Math.max(lastToken + 1, clock.millis());
        return lastToken;
    }
}
