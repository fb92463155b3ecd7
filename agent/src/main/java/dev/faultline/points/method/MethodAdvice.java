// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.method;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice a {@code method} fault puts into the methods it matches; its id and the point's are
 * bound as constants.
 */
final class MethodAdvice {
    private MethodAdvice() {}

    /** Binds the id of the fault whose instrumentation this is. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface FaultId {}

    /** For methods that return a value: a {@code return} fault replaces it. */
    static final class Returning {
        private Returning() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object[] enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @FaultId String faultId,
                @Advice.This(optional = true) Object self,
                @Advice.Origin("#r") String returnType)
                throws Throwable {
            return (Bridge.switches & mask) != 0
                    ? Bridge.method(point, faultId, self, returnType)
                    : null;
        }

        @Advice.OnMethodExit
        static void exit(
                @Advice.Enter Object[] replacement,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC)
                        Object returned) {
            if (replacement != null) {
                returned = replacement[0];
            }
        }
    }

    /** For void methods: a {@code return} fault skips the body. */
    static final class Void {
        private Void() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object[] enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @FaultId String faultId,
                @Advice.This(optional = true) Object self)
                throws Throwable {
            return (Bridge.switches & mask) != 0
                    ? Bridge.method(point, faultId, self, "void")
                    : null;
        }
    }
}
