// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

/**
 * Where the agent's start goes, printed on stderr when the JVM runs with {@code
 * -Dfaultline.debug.startup=true}: each phase with the milliseconds since the agent started and the
 * thread it ran on (instrumentation beside the application's start runs on faultline-init). {@code
 * -Xlog:class+load} or {@code -Xlog:startuptime} place the agent's start in the JVM's. Off, each
 * call is one read of a final static: the probes stay in the shipped agent so that a user's slow
 * start can be looked into without another build.
 */
final class StartupTrace {
    static final boolean ON = Boolean.getBoolean("faultline.debug.startup");

    private static final long AGENT_START = System.nanoTime();

    private StartupTrace() {}

    static void mark(String phase) {
        if (!ON) {
            return;
        }
        long sinceAgent = (System.nanoTime() - AGENT_START) / 1_000_000;
        System.err.println(
                "[faultline] start-up: "
                        + phase
                        + " at "
                        + sinceAgent
                        + " ms ("
                        + Thread.currentThread().getName()
                        + ")");
    }
}
