// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.util.function.LongSupplier;

/**
 * Tells when the application's start has settled, so that an agent with no fault to inject yet
 * instruments (and registers its MBeans, unless JMX runs already) after the start instead of beside
 * it. A starting JVM loads classes by the thousand (a Spring Boot service some ten thousand in a
 * few seconds); one that serves loads a few now and then. On two cores, Byte Buddy's own start and
 * the matching of what was loaded took CPU the application's start needed (the product sample
 * started 8 to 19 % later with the agent idle); after the start the same work costs the application
 * nothing it waits for.
 *
 * <p>Settled means: over the last {@link #QUIET_MILLIS}, fewer than {@link #QUIET_CLASSES} classes
 * were loaded. Whatever happens, the wait ends {@link #LONGEST_WAIT_MILLIS} after it began (an
 * application that keeps generating classes is instrumented beside them), and sooner when {@link
 * #wake} is called: a front end is about to enable a fault, or the agent detaches.
 */
final class StartSettling {
    static final long POLL_MILLIS = 250;
    static final long QUIET_MILLIS = 1_000;
    static final int QUIET_CLASSES = 50;
    static final long LONGEST_WAIT_MILLIS = 60_000;

    private final LongSupplier loadedClasses;
    private final LongSupplier clockMillis;
    private final long pollMillis;
    private boolean woken;

    /**
     * @param loadedClasses the number of classes the JVM has loaded since it started
     * @param clockMillis a monotonic clock in milliseconds
     */
    StartSettling(LongSupplier loadedClasses, LongSupplier clockMillis) {
        this(loadedClasses, clockMillis, POLL_MILLIS);
    }

    /** With another pause between readings: tests drive {@code clockMillis} themselves. */
    StartSettling(LongSupplier loadedClasses, LongSupplier clockMillis, long pollMillis) {
        this.loadedClasses = loadedClasses;
        this.clockMillis = clockMillis;
        this.pollMillis = pollMillis;
    }

    /**
     * Waits until the start has settled, the longest wait has passed or {@link #wake} was called.
     *
     * @param eachReading run at each reading of the class count, on the waiting thread
     * @return why the wait ended, for the start-up trace
     */
    String await(Runnable eachReading) throws InterruptedException {
        long began = clockMillis.getAsLong();
        int samples = (int) (QUIET_MILLIS / POLL_MILLIS) + 1;
        long[] counts = new long[samples]; // the last readings, one per poll, oldest overwritten
        int taken = 0;
        while (true) {
            synchronized (this) {
                if (woken) {
                    return "woken";
                }
            }
            eachReading.run();
            long now = clockMillis.getAsLong();
            long loaded = loadedClasses.getAsLong();
            counts[taken % samples] = loaded;
            taken++;
            if (taken >= samples && loaded - counts[taken % samples] < QUIET_CLASSES) {
                return "settled after " + (now - began) + " ms (" + loaded + " classes loaded)";
            }
            if (now - began >= LONGEST_WAIT_MILLIS) {
                return "longest wait reached (" + loaded + " classes loaded)";
            }
            synchronized (this) {
                if (!woken && pollMillis > 0) { // wait(0) would wait for ever
                    wait(pollMillis);
                }
            }
        }
    }

    /** Ends the wait now. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }
}
