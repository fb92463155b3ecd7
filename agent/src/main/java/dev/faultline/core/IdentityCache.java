// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A small cache of values computed from an object, found by the object's identity: what the agent
 * reads once per statement or request (its SQL, its request line) and needs again on every later
 * call with the same object while a fault is active on another target.
 *
 * <p>A lookup that finds its object allocates nothing and takes no lock: one identity hash (kept in
 * the object's header after the first call), one array read and one reference comparison. It is
 * direct-mapped: an object whose slot another object took is a miss, and its value is computed
 * again; keys are held weakly, so the cache never keeps a statement or a request alive. A cache,
 * not a map: only for values that can always be computed again from the object.
 *
 * @param <V> the value kept per object
 */
public final class IdentityCache<V> {
    private final AtomicReferenceArray<Entry<V>> slots;
    private final int mask;

    /**
     * @param size the number of slots, rounded up to a power of two
     */
    public IdentityCache(int size) {
        int slotCount = Integer.highestOneBit(Math.max(2, size - 1)) << 1;
        this.slots = new AtomicReferenceArray<>(slotCount);
        this.mask = slotCount - 1;
    }

    /** The value kept for {@code key}, or {@code null}. */
    public V get(Object key) {
        // A plain read is enough: an entry's fields are final, so a racing reader sees it whole or
        // sees another (or no) entry, and a miss only means the value is computed again.
        Entry<V> entry = slots.getPlain(System.identityHashCode(key) & mask);
        return entry != null && entry.get() == key ? entry.value : null;
    }

    /** Keeps {@code value} for {@code key}, in place of whatever held its slot. */
    public void put(Object key, V value) {
        slots.setPlain(System.identityHashCode(key) & mask, new Entry<>(key, value));
    }

    private static final class Entry<V> extends WeakReference<Object> {
        final V value;

        Entry(Object key, V value) {
            super(key);
            this.value = value;
        }
    }
}
