// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.Locale;

/** What a fault does to a matching call. */
public enum Action {
    /** Sleep before the call proceeds (fixed or a random value in a range). */
    DELAY,
    /** Throw the exception the real library throws for the failure, instead of proceeding. */
    ERROR,
    /** Block until the caller's own timeout passes (then fail like it) or until the fault ends. */
    HANG,
    /** Report success without doing the work: a lost write. */
    DROP,
    /** Do the work {@code copies} times: duplicates, as retries and replays make them. */
    DUPLICATE,
    /** Retain memory at a {@code rate} up to a {@code cap}, as a leak does. */
    LEAK,
    /** Retain memory at once until the heap is filled to a fraction. */
    FILL,
    /** Take and hold a resource (pool connections) so that the application finds none. */
    EXHAUST,
    /** Return a given value instead of running the method. */
    RETURN,
    /** Answer an HTTP request with a given status (and body, headers) without sending it. */
    STATUS;

    /** The name used in fault specs: {@code delay}, {@code error}, {@code hang}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Action fromSpecName(String name) {
        for (Action action : values()) {
            if (action.specName().equals(name)) {
                return action;
            }
        }
        return null;
    }
}
