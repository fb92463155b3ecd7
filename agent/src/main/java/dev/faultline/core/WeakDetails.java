// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Details remembered per object by identity, held weakly so that remembering a statement never
 * keeps it alive. Used only while a fault is active on the point that needs it.
 */
final class WeakDetails {
    /** Bounds the map when an application keeps many statements open at once. */
    private static final int LIMIT = 100_000;

    /** Kept in {@link #recent} for an object that has no detail here. */
    private static final String NONE = new String("none");

    private final ConcurrentHashMap<Object, String> details = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /**
     * The answers of recent lookups, absent ones too: a statement executed again and again finds
     * its SQL here without allocating a lookup key or hashing into the map.
     */
    private final IdentityCache<String> recent = new IdentityCache<>(1024);

    void put(Object target, String detail) {
        expunge();
        if (detail != null && details.size() < LIMIT) {
            details.put(new WeakKey(target, collected), detail);
            recent.put(target, detail);
        }
    }

    String get(Object target) {
        String known = recent.get(target);
        if (known != null) {
            return known == NONE ? null : known;
        }
        // A statement is remembered when it is prepared, before the application can execute it,
        // so an absence seen here stays true for that statement.
        String detail = details.get(new LookupKey(target));
        recent.put(target, detail == null ? NONE : detail);
        return detail;
    }

    private void expunge() {
        for (Object ref; (ref = collected.poll()) != null; ) {
            details.remove(ref);
        }
    }

    /** Compares by the identity of the referent, so it is found by a {@link LookupKey}. */
    private static final class WeakKey extends WeakReference<Object> {
        private final int hash;

        WeakKey(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object referent = get();
            if (other instanceof WeakKey) {
                return referent != null && referent == ((WeakKey) other).get();
            }
            return other instanceof LookupKey
                    && referent != null
                    && referent == ((LookupKey) other).target;
        }
    }

    private static final class LookupKey {
        final Object target;

        LookupKey(Object target) {
            this.target = target;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WeakKey && ((WeakKey) other).get() == target;
        }
    }
}
