// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

/** A failure the CLI reports as one line on stderr, with its exit code. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The command itself failed (the agent refused a spec, no such fault). */
    public static final int FAILED = 1;

    /** Wrong usage: a bad option or parameter (picocli's own code for the errors it finds). */
    public static final int USAGE = 2;

    /** The target could not be found or reached. */
    public static final int NO_TARGET = 3;

    public final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }
}
