// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When an idle agent instruments: a clock and a class count driven by the test, one reading per
 * poll of {@link StartSettling#POLL_MILLIS} of the test's clock.
 */
class StartSettlingTest {
    /** The test's clock: each reading of the class count is one poll later. */
    private final AtomicLong now = new AtomicLong(10_000);

    private long readingAt;

    @Test
    void settlesOnceASecondPassesWithFewClassesLoaded() throws Exception {
        // 400 classes per poll for 3 s of the start, then 10 per poll.
        StartSettling settling =
                new StartSettling(
                        () -> {
                            long t = now.addAndGet(StartSettling.POLL_MILLIS) - 10_000;
                            readingAt = t;
                            return t <= 3_000 ? t / 250 * 400 : 4_800 + (t - 3_000) / 250 * 10;
                        },
                        now::get,
                        0);

        AtomicLong hookRuns = new AtomicLong();
        String why = settling.await(hookRuns::incrementAndGet);

        assertThat(why).startsWith("settled after");
        // The first reading of the quiet part is at 3,250 ms; a whole second of them is needed.
        assertThat(readingAt).isEqualTo(3_000 + StartSettling.QUIET_MILLIS);
        // The caller's check (is JMX running?) ran once with each reading.
        assertThat(hookRuns.get() * StartSettling.POLL_MILLIS).isEqualTo(readingAt);
    }

    @Test
    void aStartThatNeverSettlesIsInstrumentedAfterTheLongestWait() throws Exception {
        StartSettling settling =
                new StartSettling(
                        () -> {
                            readingAt = now.addAndGet(StartSettling.POLL_MILLIS) - 10_000;
                            return readingAt * 10; // 2,500 classes a poll, for ever
                        },
                        now::get,
                        0);

        assertThat(settling.await(() -> {})).startsWith("longest wait reached");
        assertThat(readingAt)
                .isBetween(
                        StartSettling.LONGEST_WAIT_MILLIS,
                        StartSettling.LONGEST_WAIT_MILLIS + StartSettling.POLL_MILLIS);
    }

    @Test
    void wakeEndsTheWaitAtOnce() throws Exception {
        AtomicLong loaded = new AtomicLong();
        StartSettling settling =
                new StartSettling(
                        () -> loaded.addAndGet(1_000), // busy: never settles on its own
                        () -> 0L, // nor reaches its longest wait
                        60_000);
        CompletableFuture<String> why =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return settling.await(() -> {});
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        while (loaded.get() == 0) {
            Thread.onSpinWait();
        }

        settling.wake();

        assertThat(why.get(10, TimeUnit.SECONDS)).isEqualTo("woken");
    }

    @Test
    void aWakeBeforeTheWaitEndsItBeforeAnyReading() throws Exception {
        StartSettling settling =
                new StartSettling(
                        () -> {
                            throw new AssertionError("no reading after a wake");
                        },
                        () -> 0L,
                        60_000);
        settling.wake();

        assertThat(settling.await(() -> {})).isEqualTo("woken");
    }
}
