// SPDX-License-Identifier: Apache-2.0
package dev.faultline.testing;

import java.util.SplittableRandom;

/**
 * A property checked over inputs drawn from a {@link Gen}: a fixed number of tries, from a fixed
 * seed, so every build tries the same inputs and a failure found once is found again.
 *
 * <pre>{@code
 * Property.forAll(Specs.valid()).tries(250).check(valid -> ...assertions...);
 * }</pre>
 *
 * A wider search, locally: {@code -Dfaultline.fuzz.tries=5000} (overrides every property's count)
 * and {@code -Dfaultline.fuzz.seed=<n>} (another sequence of inputs). A failure names the seed, the
 * try and the input, and re-running with the same seed and at least as many tries fails the same
 * way.
 */
public final class Property<T> {
    /** The seed every build uses unless {@code -Dfaultline.fuzz.seed} gives another. */
    public static final long DEFAULT_SEED = 20251129L;

    public static final String SEED_PROPERTY = "faultline.fuzz.seed";
    public static final String TRIES_PROPERTY = "faultline.fuzz.tries";
    public static final int DEFAULT_TRIES = 250;

    /** A check of one input; may throw anything, which fails the property. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    private final Gen<T> gen;
    private int tries = DEFAULT_TRIES;
    private Runnable afterEach = () -> {};

    private Property(Gen<T> gen) {
        this.gen = gen;
    }

    public static <T> Property<T> forAll(Gen<T> gen) {
        return new Property<>(gen);
    }

    /** How many inputs this property tries in a build (-Dfaultline.fuzz.tries overrides it). */
    public Property<T> tries(int tries) {
        this.tries = tries;
        return this;
    }

    /** Run after every try, passed or failed: puts shared state back as the next try expects it. */
    public Property<T> afterEach(Runnable afterEach) {
        this.afterEach = afterEach;
        return this;
    }

    public static long seed() {
        return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
    }

    public void check(Check<? super T> check) {
        long seed = seed();
        int count = Integer.getInteger(TRIES_PROPERTY, tries);
        // each try draws from its own split of the seed's sequence: what a try draws does not
        // depend
        // on how much the tries before it drew, beyond the split itself
        SplittableRandom master = new SplittableRandom(seed);
        for (int attempt = 1; attempt <= count; attempt++) {
            SplittableRandom random = master.split();
            T input;
            try {
                input = gen.next(random);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(
                        where(seed, attempt, count) + ": the generator failed: " + e, e);
            }
            try {
                check.accept(input);
            } catch (Throwable failure) {
                if (failure instanceof VirtualMachineError
                        && !(failure instanceof StackOverflowError)) {
                    throw (VirtualMachineError) failure;
                }
                AssertionError error =
                        new AssertionError(
                                where(seed, attempt, count)
                                        + "\ninput: "
                                        + describe(input)
                                        + "\nfailure: "
                                        + describe(failure).replace("\\n", "\n"),
                                failure);
                throw error;
            } finally {
                afterEach.run();
            }
        }
    }

    private static String where(long seed, int attempt, int count) {
        return "property failed at try "
                + attempt
                + " of "
                + count
                + " with seed "
                + seed
                + " (re-run: -D"
                + SEED_PROPERTY
                + "="
                + seed
                + " -D"
                + TRIES_PROPERTY
                + "="
                + Math.max(attempt, count)
                + ")";
    }

    /**
     * The input as Java would write it: control characters, lone surrogates and invisible ones
     * escaped.
     */
    static String describe(Object input) {
        String text = String.valueOf(input);
        StringBuilder out = new StringBuilder();
        // long inputs stay readable in a report; the seed reproduces the whole of it
        int shown = Math.min(text.length(), 4000);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20
                    || c == 0x7f
                    || Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c)
                                    && i + 1 < text.length()
                                    && Character.isLowSurrogate(text.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c)
                                    && i > 0
                                    && Character.isHighSurrogate(text.charAt(i - 1)))
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                    || Character.getType(c) == Character.UNASSIGNED) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (shown < text.length()) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
