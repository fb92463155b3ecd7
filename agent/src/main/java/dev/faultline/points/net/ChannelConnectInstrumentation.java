// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.net;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.PointInstrumentation;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code net.connect} on the JDK's {@code SocketChannel}: {@code connect(SocketAddress)}, blocking
 * or not (Kafka clients, the JDK HttpClient, Netty; a hung non-blocking connect is sent elsewhere
 * rather than held), and the timed connect of a channel's socket adaptor, {@code
 * blockingConnect(SocketAddress, long nanos)}.
 */
final class ChannelConnectInstrumentation implements PointInstrumentation {
    static final String SOCKET_CHANNEL_IMPL = "sun.nio.ch.SocketChannelImpl";

    @Override
    public String point() {
        return "net.connect";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named(SOCKET_CHANNEL_IMPL);
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("connect")
                .and(takesArguments(1))
                .or(named("blockingConnect").and(takesArguments(2)));
    }

    @Override
    public Class<?> advice() {
        return ConnectAdvice.class;
    }

    static final class ConnectAdvice {
        private ConnectAdvice() {}

        /**
         * @param timeoutNanos {@code blockingConnect}'s timeout ({@code Long.MAX_VALUE} for none);
         *     0 for {@code connect}, which has none
         */
        @Advice.OnMethodEnter
        static boolean enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Advice.This SocketChannel channel,
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC)
                        Object endpoint,
                @Advice.Argument(value = 1, optional = true) long timeoutNanos)
                throws Throwable {
            if ((Bridge.switches & mask) == 0) {
                return false;
            }
            if (channel.isBlocking()) {
                return Bridge.enter(
                        point,
                        endpoint,
                        timeoutNanos == 0 || timeoutNanos == Long.MAX_VALUE
                                ? "0"
                                : Long.toString(Math.max(1, timeoutNanos / 1_000_000)));
            }
            Object instead = Bridge.nonBlockingConnect(point, endpoint);
            if (instead != null) {
                endpoint = instead;
            }
            return false;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Bound.PointId int point, @Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(point);
            }
        }
    }
}
