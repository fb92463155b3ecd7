package dev.faultline.points.net;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Points;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

import java.nio.channels.SocketChannel;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code net.connect} on the JDK's {@code SocketChannel}: {@code connect(SocketAddress)}, blocking
 * or not (Kafka clients, the JDK HttpClient, Netty; a hung non-blocking connect is sent elsewhere
 * rather than held), and the timed connect of a channel's socket adaptor,
 * {@code blockingConnect(SocketAddress, long nanos)}.
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
        return named("connect").and(takesArguments(1));
    }

    @Override
    public Class<?> advice() {
        return ConnectAdvice.class;
    }

    static final class ConnectAdvice {
        private ConnectAdvice() {}

        @Advice.OnMethodEnter
        static boolean enter(@Advice.This SocketChannel channel,
                             @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object endpoint) throws Throwable {
            if (!Bridge.netConnect) {
                return false;
            }
            if (channel.isBlocking()) {
                return Bridge.enter(Points.NET_CONNECT, endpoint, "0");
            }
            Object instead = Bridge.nonBlockingConnect(endpoint);
            if (instead != null) {
                endpoint = instead;
            }
            return false;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(Points.NET_CONNECT);
            }
        }
    }

    /** The socket adaptor's timed connect: {@code blockingConnect(SocketAddress, long nanos)}. */
    static final class Timed implements PointInstrumentation {
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
            return named("blockingConnect").and(takesArguments(2));
        }

        @Override
        public Class<?> advice() {
            return TimedConnectAdvice.class;
        }
    }

    static final class TimedConnectAdvice {
        private TimedConnectAdvice() {}

        @Advice.OnMethodEnter
        static boolean enter(@Advice.Argument(0) Object endpoint, @Advice.Argument(1) long timeoutNanos) throws Throwable {
            return Bridge.netConnect && Bridge.enter(Points.NET_CONNECT, endpoint,
                    timeoutNanos == Long.MAX_VALUE ? "0" : Long.toString(Math.max(1, timeoutNanos / 1_000_000)));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(Points.NET_CONNECT);
            }
        }
    }
}
