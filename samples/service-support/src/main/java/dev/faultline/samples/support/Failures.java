package dev.faultline.samples.support;

/** Short descriptions of failures for log lines and error bodies. */
public final class Failures {
    private Failures() {}

    /**
     * The root cause's class and message: what actually went wrong under the wrappers
     * (a ConnectException under a ResourceAccessException, which has no message of its own).
     */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
