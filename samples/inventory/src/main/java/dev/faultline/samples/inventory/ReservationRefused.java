// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import dev.faultline.samples.support.web.ServiceException;
import org.springframework.http.HttpStatus;

/**
 * A reservation attempt that ended without a reservation, with the outcome the audit records for
 * it.
 */
final class ReservationRefused extends ServiceException {
    private final String outcome;

    ReservationRefused(HttpStatus status, String outcome, String reason) {
        super(status, reason);
        this.outcome = outcome;
    }

    /** One of the audit's outcomes: insufficient, fenced, no-lease, failed. */
    String outcome() {
        return outcome;
    }
}
