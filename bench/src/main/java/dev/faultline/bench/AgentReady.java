// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

/**
 * Waits, before a benchmark's warm-up, for the agent's start-up work in the background to end.
 * Without a fault due at start-up the agent instruments on a thread of its own once the
 * application's start has settled, retransforming the classes loaded meanwhile (the driver's
 * statements among them: their compiled code is thrown away and compiled again). On 2 busy cores
 * that work ran into JMH's warm-up and measurement and made "agent idle" look slower than "faults
 * elsewhere", which does more per call but instruments before {@code main}. Per-call figures are
 * about the steady state; the start-up has its own benchmark ({@code bench/startup.sh}).
 */
final class AgentReady {
    private static final String INIT_THREAD = "faultline-init";
    private static final long LIMIT_MILLIS = 120_000;

    private AgentReady() {}

    /** Returns once no agent start-up thread is alive (at once without the agent). */
    static void await() throws InterruptedException {
        long deadline = System.currentTimeMillis() + LIMIT_MILLIS;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(INIT_THREAD)) {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
                if (thread.isAlive()) {
                    throw new IllegalStateException(
                            "the agent's start-up did not end within " + LIMIT_MILLIS + " ms");
                }
            }
        }
    }
}
