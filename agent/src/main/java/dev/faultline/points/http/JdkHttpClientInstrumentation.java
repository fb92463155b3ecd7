// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code http.client} on the JDK HttpClient: the private {@code sendAsync} that {@code send} and
 * {@code sendAsync} call.
 */
final class JdkHttpClientInstrumentation implements PointInstrumentation {
    static final String CLIENT = "jdk";

    @Override
    public String point() {
        return "http.client";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("jdk.internal.net.http.HttpClientImpl");
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("sendAsync").and(takesArguments(4));
    }

    @Override
    public Class<?> advice() {
        return RequestAdvice.class;
    }

    static final class RequestAdvice {
        private RequestAdvice() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This Object client,
                @Advice.Argument(0) Object request,
                @Advice.Argument(1) Object handler,
                @Advice.Argument(2) Object pushHandler)
                throws Throwable {
            return (Bridge.switches & mask) != 0
                    ? Bridge.http(
                            point, CLIENT, client, new Object[] {request, handler, pushHandler})
                    : null;
        }

        @Advice.OnMethodExit
        static void exit(
                @Advice.Enter Object replacement,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC)
                        Object response) {
            if (replacement != null) {
                response = replacement;
            }
        }
    }
}
