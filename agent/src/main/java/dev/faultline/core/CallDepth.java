// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import dev.faultline.bridge.Bridge;
import java.util.concurrent.Callable;

/**
 * How deep the current thread is inside instrumented calls of each point. A call nested in one the
 * point already handled (a pool's proxy around the driver, a client's request re-issued by the
 * agent once a delay is over) is left alone.
 */
public final class CallDepth {
    private static final ThreadLocal<int[]> DEPTHS =
            ThreadLocal.withInitial(() -> new int[Bridge.MAX_POINTS]);

    private CallDepth() {}

    static int[] ofThread() {
        return DEPTHS.get();
    }

    /**
     * Runs an instrumented call on behalf of a fault (the real request after a delay) without
     * faulting it again.
     */
    public static <T> T unfaulted(int point, Callable<T> call) throws Exception {
        int[] depths = DEPTHS.get();
        depths[point]++;
        try {
            return call.call();
        } finally {
            depths[point]--;
        }
    }
}
