// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

/** Coordination did not answer: refused, timed out, or answered with a server error. */
public class CoordinationUnavailableException extends RuntimeException {
    public CoordinationUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
