// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points;

import dev.faultline.bridge.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Generic advice for points that decide on entry (delay, throw, hang) and want to hear the call's
 * end: the instrumented object and, where the method has one, its first argument as text (SQL, a
 * URL, a host name). The point's id and bit are bound at instrumentation ({@link Bound}), so these
 * two classes serve {@code jdbc.connect}, {@code jdbc.execute}, {@code jdbc.commit}, {@code
 * kafka.poll}, {@code dns.resolve} and any new point that calls this way.
 */
public final class CallAdvice {
    private CallAdvice() {}

    /**
     * The instrumented object (or {@code null} for a static method) and its first argument, a
     * {@code String}, if any.
     */
    public static final class WithText {
        private WithText() {}

        @Advice.OnMethodEnter
        static boolean enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This(optional = true) Object target,
                @Advice.Argument(value = 0, optional = true) String text)
                throws Throwable {
            return (Bridge.switches & mask) != 0 && Bridge.enter(point, target, text);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Bound.PointId int point, @Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(point);
            }
        }
    }

    /** The instrumented object only (its arguments, if any, are not text). */
    public static final class OnTarget {
        private OnTarget() {}

        @Advice.OnMethodEnter
        static boolean enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This(optional = true) Object target)
                throws Throwable {
            return (Bridge.switches & mask) != 0 && Bridge.enter(point, target, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Bound.PointId int point, @Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(point);
            }
        }
    }
}
