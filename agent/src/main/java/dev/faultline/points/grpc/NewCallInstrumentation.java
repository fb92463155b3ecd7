// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.grpc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code grpc.client} on {@code Channel.newCall(MethodDescriptor, CallOptions)} of every channel:
 * the one place every stub (blocking, future, async) and every hand-made call passes through, on
 * the caller's thread. A channel wraps others (managed channel, interceptors, the real channel);
 * only the outermost {@code newCall} of a thread is decided, and the call made inside it carries
 * the fault.
 */
final class NewCallInstrumentation implements PointInstrumentation {

    @Override
    public String point() {
        return "grpc.client";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface())
                .and(not(isAbstract()))
                .and(hasSuperType(named("io.grpc.Channel")));
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("newCall").and(isPublic()).and(not(isAbstract())).and(takesArguments(2));
    }

    @Override
    public Class<?> advice() {
        return NewCallAdvice.class;
    }

    static final class NewCallAdvice {
        private NewCallAdvice() {}

        @Advice.OnMethodEnter
        static Object enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This Object channel,
                @Advice.Argument(0) Object method,
                @Advice.Argument(1) Object callOptions)
                throws Throwable {
            return (Bridge.switches & mask) != 0
                    ? Bridge.around(point, channel, method, callOptions)
                    : null;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Bound.PointId int point, @Advice.Enter Object token) {
            if (token != null) {
                Bridge.leave(point, token);
            }
        }
    }
}
