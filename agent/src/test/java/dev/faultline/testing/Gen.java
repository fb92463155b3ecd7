// SPDX-License-Identifier: Apache-2.0
package dev.faultline.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A generator of test inputs for {@link Property}: a function of a {@link SplittableRandom}, so the
 * same seed always draws the same inputs. Small on purpose: what the property tests need, no more.
 */
@FunctionalInterface
public interface Gen<T> {
    /**
     * How often {@link #filter} may draw a value it refuses before the generator is called broken.
     */
    int FILTER_ATTEMPTS = 10_000;

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return random -> f.apply(next(random)).next(random);
    }

    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int i = 0; i < FILTER_ATTEMPTS; i++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            // a filter that refuses nearly everything tests nothing: fail loudly instead of looping
            throw new IllegalStateException(
                    "the filter refused " + FILTER_ATTEMPTS + " values in a row");
        };
    }

    /** This value, or null with the given chance. */
    default Gen<T> orNull(double chance) {
        return random -> random.nextDouble() < chance ? null : next(random);
    }

    /** Lists of this generator's values, of min to max elements. */
    default Gen<List<T>> list(int min, int max) {
        return random -> {
            int size = min + random.nextInt(max - min + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(next(random));
            }
            return list;
        };
    }

    // ---- factories

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    static <T> Gen<T> of(List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        List<T> copy = new ArrayList<>(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return oneOf(Arrays.asList(gens));
    }

    static <T> Gen<T> oneOf(List<? extends Gen<? extends T>> gens) {
        if (gens.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        List<Gen<? extends T>> copy = new ArrayList<>(gens);
        return random -> copy.get(random.nextInt(copy.size())).next(random);
    }

    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /**
     * Integers from min to max, inclusive; the bounds themselves, 0 and ±1 (where in range) come up
     * more often than their share, as they are where mistakes hide.
     */
    static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    static Gen<Integer> ints() {
        return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        List<Long> edges = new ArrayList<>();
        for (long edge : new long[] {min, max, 0, 1, -1}) {
            if (edge >= min && edge <= max && !edges.contains(edge)) {
                edges.add(edge);
            }
        }
        return random -> {
            if (random.nextInt(10) == 0) {
                return edges.get(random.nextInt(edges.size()));
            }
            if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
                return random.nextLong();
            }
            if (max == Long.MAX_VALUE) {
                return random.nextLong(min - 1, max) + 1;
            }
            return random.nextLong(min, max + 1);
        };
    }

    static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Any double: ordinary values of every magnitude, and now and then an edge (NaN, the
     * infinities, ±0, the extremes).
     */
    static Gen<Double> doubles() {
        Gen<Double> edges =
                of(
                        Double.NaN,
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        0.0,
                        -0.0,
                        Double.MAX_VALUE,
                        -Double.MAX_VALUE,
                        Double.MIN_VALUE,
                        1.0,
                        -1.0,
                        0.5);
        return random ->
                random.nextInt(8) == 0
                        ? edges.next(random)
                        : (random.nextBoolean() ? 1 : -1)
                                * random.nextDouble()
                                * Math.pow(10, random.nextInt(-10, 20));
    }

    /** Strings of min to max characters drawn from {@code chars}. */
    static Gen<String> strings(String chars, int min, int max) {
        if (chars.isEmpty()) {
            throw new IllegalArgumentException("no characters to draw from");
        }
        return random -> {
            // the shortest string now and then: the empty one is where parsers slip
            int length = random.nextInt(8) == 0 ? min : min + random.nextInt(max - min + 1);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append(chars.charAt(random.nextInt(chars.length())));
            }
            return s.toString();
        };
    }

    /** Characters from first to last, inclusive, as a string to draw from. */
    static String range(char first, char last) {
        StringBuilder s = new StringBuilder();
        for (char c = first; c <= last; c++) {
            s.append(c);
        }
        return s.toString();
    }

    /**
     * Strings of any characters, of up to max chars: mostly printable ASCII, and also controls,
     * characters from other scripts, any BMP character and whole supplementary code points (emoji),
     * never a lone surrogate.
     */
    static Gen<String> anyStrings(int max) {
        String ascii = range(' ', '~');
        return random -> {
            int length = random.nextInt(8) == 0 ? 0 : random.nextInt(max + 1);
            StringBuilder s = new StringBuilder(length);
            while (s.length() < length) {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    s.append(ascii.charAt(random.nextInt(ascii.length())));
                } else if (kind == 6) {
                    s.append((char) random.nextInt(0x20));
                } else if (kind == 7) {
                    s.append("äéß€日本語\u00a0\u2028\uFEFF".charAt(random.nextInt(10)));
                } else if (kind == 8) {
                    // no lone surrogates: no file, command line or UTF-8 text can carry one
                    char c = (char) random.nextInt(0x10000);
                    s.append(Character.isSurrogate(c) ? '\ufffd' : c);
                } else {
                    s.appendCodePoint(random.nextInt(0x10000, 0x110000));
                }
            }
            return s.toString();
        };
    }

    /** A subset of the values, in their order; each is in or out with even chance. */
    static <T> Gen<List<T>> subsetOf(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        return random -> {
            List<T> chosen = new ArrayList<>();
            for (T value : copy) {
                if (random.nextBoolean()) {
                    chosen.add(value);
                }
            }
            return chosen;
        };
    }

    /** One value of each generator, in order. */
    static <T> Gen<List<T>> sequence(List<? extends Gen<? extends T>> gens) {
        List<Gen<? extends T>> copy = new ArrayList<>(gens);
        return random -> {
            List<T> values = new ArrayList<>(copy.size());
            for (Gen<? extends T> gen : copy) {
                values.add(gen.next(random));
            }
            return values;
        };
    }

    static <A, B, R> Gen<R> combine(
            Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return random -> {
            A first = a.next(random);
            return f.apply(first, b.next(random));
        };
    }

    /** Maps of min to max entries (fewer when keys repeat), in the order drawn. */
    static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int min, int max) {
        return random -> {
            int size = min + random.nextInt(max - min + 1);
            Map<K, V> map = new LinkedHashMap<>();
            for (int attempt = 0; map.size() < size && attempt < size * 10; attempt++) {
                K key = keys.next(random);
                if (!map.containsKey(key)) {
                    map.put(key, values.next(random));
                }
            }
            return map;
        };
    }

    /**
     * Distinct values of the generator, min to max of them (fewer when it cannot draw enough
     * distinct ones).
     */
    static <T> Gen<Set<T>> distinct(Gen<T> values, int min, int max) {
        return random -> {
            int size = min + random.nextInt(max - min + 1);
            Set<T> set = new LinkedHashSet<>();
            for (int attempt = 0; set.size() < size && attempt < size * 10; attempt++) {
                set.add(values.next(random));
            }
            return Collections.unmodifiableSet(set);
        };
    }

    /**
     * Recursive structures to at most {@code depth} levels: at each level a leaf or, with even
     * chance, a branch built from the level below.
     */
    static <T> Gen<T> recursive(Gen<T> leaves, Function<Gen<T>, Gen<T>> branch, int depth) {
        Gen<T> gen = leaves;
        for (int i = 0; i < depth; i++) {
            Gen<T> below = gen;
            Gen<T> branches = branch.apply(below);
            gen = random -> random.nextBoolean() ? leaves.next(random) : branches.next(random);
        }
        return gen;
    }

    /** A generator built when first used: for generators that need the test instance's state. */
    static <T> Gen<T> lazy(Supplier<Gen<T>> supplier) {
        return random -> supplier.get().next(random);
    }
}
