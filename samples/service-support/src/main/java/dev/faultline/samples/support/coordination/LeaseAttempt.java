// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import java.time.Instant;

/** The answer to a lease request: the grant, or who holds the lease and until when. */
public record LeaseAttempt(LeaseGrant grant, String heldBy, Instant heldUntil) {
    static LeaseAttempt granted(LeaseGrant grant) {
        return new LeaseAttempt(grant, null, null);
    }

    static LeaseAttempt refused(String heldBy, Instant heldUntil) {
        return new LeaseAttempt(null, heldBy, heldUntil);
    }

    public boolean isGranted() {
        return grant != null;
    }
}
