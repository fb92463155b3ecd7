// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.net;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code net.connect} on {@code java.net.Socket.connect(SocketAddress, int)}, which the other
 * connects and the connecting constructors call (SSL sockets included).
 */
final class SocketConnectInstrumentation implements PointInstrumentation {
    static final String SOCKET = "java.net.Socket";

    @Override
    public String point() {
        return "net.connect";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named(SOCKET);
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("connect").and(takesArguments(2)).and(takesArgument(1, int.class));
    }

    @Override
    public Class<?> advice() {
        return ConnectAdvice.class;
    }

    static final class ConnectAdvice {
        private ConnectAdvice() {}

        @Advice.OnMethodEnter
        static boolean enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.Argument(0) Object endpoint,
                @Advice.Argument(1) int timeoutMillis)
                throws Throwable {
            return (Bridge.switches & mask) != 0
                    && Bridge.enter(point, endpoint, Integer.toString(timeoutMillis));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Bound.PointId int point, @Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(point);
            }
        }
    }
}
