package dev.faultline.cli;

/** A failure the CLI reports as one line on stderr, with its exit code. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The command itself failed (the agent refused a spec, no such fault). */
    static final int FAILED = 1;
    /** The target could not be found or reached. */
    static final int NO_TARGET = 3;

    final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }
}
