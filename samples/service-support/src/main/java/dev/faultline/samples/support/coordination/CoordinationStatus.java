// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether coordination answered the last call this service made to it (registration, heartbeat,
 * lookup, lease): what the {@code coordination} health component reports. Transitions are logged
 * once each, not on every failed call.
 */
public final class CoordinationStatus {
    private static final Logger log = LoggerFactory.getLogger(CoordinationStatus.class);

    private final Clock clock;
    private volatile Instant lastContact;
    private volatile Instant lostSince;
    private volatile String lastError;

    public CoordinationStatus(Clock clock) {
        this.clock = clock;
    }

    void answered() {
        if (lostSince != null) {
            log.info(
                    "coordination reachable again after {}",
                    java.time.Duration.between(lostSince, clock.instant()));
        }
        lostSince = null;
        lastContact = clock.instant();
    }

    void failed(String error) {
        lastError = error;
        if (lostSince == null) {
            lostSince = clock.instant();
            log.warn("coordination unreachable: {}", error);
        }
    }

    /** True once coordination has answered and has not failed since. */
    public boolean reachable() {
        return lastContact != null && lostSince == null;
    }

    /** True when the last call failed (false before the first call). */
    public boolean lost() {
        return lostSince != null;
    }

    public Instant lastContact() {
        return lastContact;
    }

    public Instant lostSince() {
        return lostSince;
    }

    public String lastError() {
        return lastError;
    }
}
