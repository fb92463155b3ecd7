// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code http.client} on the JDK's HttpURLConnection: {@code getInputStream} and {@code
 * getOutputStream} (these return what a fault replaces) and {@code connect}, while the connection
 * is not connected yet.
 */
final class UrlConnectionInstrumentation implements PointInstrumentation {
    static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";

    /**
     * The advice names the client {@code urlconnection.<method>}: the methods return different
     * things.
     */
    static final String CLIENT_PREFIX = "urlconnection.";

    @Override
    public String point() {
        return "http.client";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named(CONNECTION);
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return namedOneOf("getInputStream", "getOutputStream").and(takesNoArguments());
    }

    @Override
    public Class<?> advice() {
        return StreamAdvice.class;
    }

    static final class StreamAdvice {
        private StreamAdvice() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This Object connection,
                @Advice.FieldValue("connected") boolean connected,
                // the client's name, written into the advice as a constant per method: the same
                // string as CLIENT_PREFIX + method name, without making one on every request
                @Advice.Origin(CLIENT_PREFIX + "#m") String client)
                throws Throwable {
            return (Bridge.switches & mask) != 0 && !connected
                    ? Bridge.http(point, client, connection, connection)
                    : null;
        }

        @Advice.OnMethodExit
        static void exit(
                @Advice.Enter Object replacement,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream) {
            if (replacement != null) {
                stream = replacement;
            }
        }
    }

    /** {@code connect}: a synthetic response leaves the connection connected to it. */
    static final class Connect implements PointInstrumentation {
        @Override
        public String point() {
            return "http.client";
        }

        @Override
        public ElementMatcher<TypeDescription> types() {
            return named(CONNECTION);
        }

        @Override
        public ElementMatcher<MethodDescription> methods() {
            return named("connect").and(takesNoArguments());
        }

        @Override
        public Class<?> advice() {
            return ConnectAdvice.class;
        }
    }

    static final class ConnectAdvice {
        private ConnectAdvice() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This Object connection,
                @Advice.FieldValue("connected") boolean connected)
                throws Throwable {
            return (Bridge.switches & mask) != 0 && !connected
                    ? Bridge.http(point, CLIENT_PREFIX + "connect", connection, connection)
                    : null;
        }
    }
}
