// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

/** A failure the launcher explains to its user in one message, with what to do about it. */
final class StackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StackException(String message) {
        super(message);
    }

    StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
