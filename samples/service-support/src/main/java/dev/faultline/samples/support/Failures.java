// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support;

/** Short descriptions of failures for log lines and error bodies. */
public final class Failures {
    private Failures() {}

    /**
     * What actually went wrong under the wrappers: the first I/O exception in the cause chain (a
     * ConnectException or HttpTimeoutException under Spring's ResourceAccessException, rather than
     * the ClosedChannelException under that), else the root cause; its class and message.
     */
    public static String describe(Throwable e) {
        Throwable cause = e;
        while (!(cause instanceof java.io.IOException)
                && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName()
                + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
