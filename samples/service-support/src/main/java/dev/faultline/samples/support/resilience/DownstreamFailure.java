// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.resilience;

/**
 * A call to another service that did not get a usable answer: no instance found, no response
 * (refused, timed out), a 5xx, or a guard refusing the call. The message says which.
 */
public class DownstreamFailure extends RuntimeException {
    public DownstreamFailure(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
