// SPDX-License-Identifier: Apache-2.0
package dev.faultline.testing;

/** Two inputs drawn together, for a property over both. */
public final class Pair<A, B> {
    public final A first;
    public final B second;

    private Pair(A first, B second) {
        this.first = first;
        this.second = second;
    }

    public static <A, B> Pair<A, B> of(A first, B second) {
        return new Pair<>(first, second);
    }

    /** One of each, drawn in order. */
    public static <A, B> Gen<Pair<A, B>> of(Gen<A> first, Gen<B> second) {
        return Gen.combine(first, second, Pair::of);
    }

    @Override
    public String toString() {
        return "(" + first + ", " + second + ")";
    }
}
