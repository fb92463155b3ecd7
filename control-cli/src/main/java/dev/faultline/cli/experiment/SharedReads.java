// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * Lets probes that fall due together and read the same thing (the same HTTP GET, the same MBean
 * attribute) share one read instead of each making its own: a read another probe started less than
 * {@link #WINDOW_NANOS} ago is joined, and its value, or its failure, is the joiner's too. A probe
 * never joins a read it already took a value from, so each of its samples is a read of its own
 * time. A slow read delays only the probes that asked for the same thing at the same moment, which
 * would have been as slow on their own.
 */
final class SharedReads<K> {
    /** Shorter than the shortest probe period (100 ms would still be two reads a period). */
    static final long WINDOW_NANOS = 250_000_000L;

    private static final class Flight {
        final long start;
        final Set<Object> readers = ConcurrentHashMap.newKeySet();
        final CompletableFuture<Object> result = new CompletableFuture<>();

        Flight(long start) {
            this.start = start;
        }
    }

    private final LongSupplier clock;
    private final Map<K, Flight> flights = new ConcurrentHashMap<>();

    SharedReads() {
        this(System::nanoTime);
    }

    /**
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    SharedReads(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * The value of {@code read} for {@code key}, read now or shared with a read started just now.
     */
    @SuppressWarnings("unchecked")
    <V> V read(K key, Object reader, Callable<V> read) throws Exception {
        Flight mine = new Flight(clock.getAsLong());
        mine.readers.add(reader);
        Flight flight =
                flights.compute(
                        key,
                        (k, current) ->
                                current != null
                                                && mine.start - current.start < WINDOW_NANOS
                                                && current.readers.add(reader)
                                        ? current
                                        : mine);
        if (flight != mine) {
            return (V) await(flight.result);
        }
        return (V) complete(mine.result, read);
    }

    /** Runs {@code read} and hands its value or failure to {@code result} too. */
    static <V> V complete(CompletableFuture<? super V> result, Callable<V> read) throws Exception {
        try {
            V value = read.call();
            result.complete(value);
            return value;
        } catch (Exception | Error e) {
            result.completeExceptionally(e);
            throw e;
        }
    }

    /** The value of a read another probe makes, or the same failure. */
    static <V> V await(CompletableFuture<V> result) throws Exception {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
