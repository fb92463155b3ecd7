// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** A fault while it is in force: its spec, its counters, its deadline. */
public final class ActiveFault {
    /**
     * Distinct values whose match result is remembered per key; beyond it results are computed each
     * time.
     */
    private static final int MATCH_CACHE_LIMIT = 4096;

    private final FaultSpec spec;
    private final long deadlineNanos;
    private final Dice dice;
    private final AtomicLong matched = new AtomicLong();

    /**
     * Injections so far; {@link #SEALED} is set in it when the fault ends, after which no call is
     * admitted. One word for both, so that the count reported at the end is the final count: a call
     * admitted concurrently with the end is either counted before the seal or not admitted at all.
     */
    private final AtomicLong injected = new AtomicLong();

    private static final long SEALED = Long.MIN_VALUE;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CompletableFuture<Void> endSignal = new CompletableFuture<>();
    // The match patterns as arrays, so the hot path iterates without allocating.
    private final String[] matchKeys;
    private final Pattern[] matchPatterns;
    private final List<Map<String, Memo>> matchCaches = new ArrayList<>();

    /**
     * Per match key, the last value tested and its result. A call made again with the same value
     * instance (a statement's SQL, a constant host name, a request's cached line) is decided by one
     * reference comparison, without hashing the value into {@link #matchCaches}. Written without
     * ordering by any thread: a {@link Memo}'s fields are final, so a reader sees one whole.
     */
    private final Memo[] lastMatch;

    ActiveFault(FaultSpec spec) {
        this.spec = spec;
        this.deadlineNanos = System.nanoTime() + spec.duration().toNanos();
        this.dice = new Dice(spec.seed());
        this.matchKeys = spec.match().keySet().toArray(new String[0]);
        this.matchPatterns = spec.match().values().toArray(new Pattern[0]);
        for (int i = 0; i < matchKeys.length; i++) {
            matchCaches.add(new ConcurrentHashMap<>());
        }
        this.lastMatch = new Memo[matchKeys.length];
    }

    public FaultSpec spec() {
        return spec;
    }

    public String id() {
        return spec.id();
    }

    public long matched() {
        return matched.get();
    }

    public long injected() {
        return injected.get() & ~SEALED;
    }

    /** The {@link System#nanoTime()} at which the fault expires. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** Time left before the fault expires; zero once it has ended. */
    public Duration remaining() {
        if (hasEnded()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    /**
     * Whether this call's values match every {@code match} pattern of the spec. Has no side effect
     * on the counters.
     */
    public boolean matches(Object target, Object detail) {
        for (int i = 0; i < matchKeys.length; i++) {
            String value = spec.point().matchValue(matchKeys[i], target, detail);
            if (value == null || !matches(i, value)) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(int index, String value) {
        Memo last = lastMatch[index];
        if (last != null && last.value == value) {
            return last.result;
        }
        Map<String, Memo> cache = matchCaches.get(index);
        Memo known = cache.get(value);
        if (known == null) {
            known = new Memo(value, matchPatterns[index].matcher(value).find());
            if (cache.size() < MATCH_CACHE_LIMIT) {
                cache.put(value, known);
            }
        }
        // The memo of the map, not a new one: values that take turns allocate nothing either.
        lastMatch[index] = known;
        return known.result;
    }

    /** A value tested against one match pattern, and the result. */
    private static final class Memo {
        final String value;
        final boolean result;

        Memo(String value, boolean result) {
            this.value = value;
            this.result = result;
        }
    }

    /**
     * Counts a matching call and decides whether the fault is injected into it, applying {@code
     * after}, {@code probability} and {@code limit}.
     *
     * @return the number of this injection (1 for the first), or 0 when the call is let through
     */
    long admit() {
        // A call that read the fault before it ended is let through: nothing is injected past the
        // end.
        if (injected.get() < 0) {
            return 0;
        }
        long n = matched.incrementAndGet();
        // Nor past the deadline, though the timer that ends the fault may be late on a loaded
        // machine; read the clock only for a call about to be injected, not for every one let
        // through.
        if (n <= spec.after()
                || !dice.roll(spec.probability())
                || System.nanoTime() - deadlineNanos >= 0) {
            return 0;
        }
        long limit = spec.limit();
        while (true) {
            long done = injected.get();
            if (done < 0 || done >= limit) {
                return 0; // sealed by the end meanwhile, or the limit is reached
            }
            if (injected.compareAndSet(done, done + 1)) {
                return done + 1;
            }
        }
    }

    /** The delay for one call of a {@code delay} fault. */
    public long nextDelayNanos() {
        return spec.delay().nextNanos(dice);
    }

    /**
     * Waits out one delay of a {@code delay} fault on the calling thread. Ends early when the fault
     * ends, so that disable-all frees every waiting thread at once.
     */
    public void delay() {
        delay(nextDelayNanos());
    }

    /** Waits out a delay already drawn with {@link #nextDelayNanos()}, as {@link #delay()} does. */
    public void delay(long nanos) {
        try {
            awaitEnd(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            // The application interrupted its own thread: stop waiting and keep the flag for it to
            // see.
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the fault ends or the timeout passes.
     *
     * @return {@code true} if the fault ended first
     */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    /** Waits until the fault ends (it always does: every fault has a duration). */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    void end() {
        injected.getAndUpdate(count -> count | SEALED);
        ended.countDown();
        endSignal.complete(null);
    }

    /** Runs an action once the fault has ended (at once if it has), on the given executor. */
    public void whenEnded(Runnable action, Executor executor) {
        endSignal.thenRunAsync(action, executor);
    }

    /** The spec with counters and remaining time, as {@code list()} reports it. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>(spec.toMap());
        out.put(Protocol.STATUS_MATCHED, matched());
        out.put(Protocol.STATUS_INJECTED, injected());
        out.put(
                Protocol.STATUS_REMAINING,
                Durations.format(Duration.ofMillis(remaining().toMillis())));
        out.put(Protocol.STATUS_REMAINING_MILLIS, remaining().toMillis());
        // false until a class of the point's library has loaded: the fault cannot act yet
        out.put(Protocol.STATUS_INSTRUMENTED, spec.point().isInstrumented());
        // libraries found in a version the point does not support: it stays off for them
        List<String> unsupported = spec.point().unsupported();
        if (!unsupported.isEmpty()) {
            out.put(Protocol.STATUS_UNSUPPORTED, unsupported);
        }
        out.putAll(spec.point().state(this));
        return out;
    }
}
