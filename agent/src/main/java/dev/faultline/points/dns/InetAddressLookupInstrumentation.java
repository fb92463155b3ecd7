package dev.faultline.points.dns;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Points;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code dns.resolve} on {@code InetAddress.getAllByName(String)}: {@code getByName} and every
 * {@code InetSocketAddress} made from a host name resolve through it, on JDK 11 to 25.
 */
final class InetAddressLookupInstrumentation implements PointInstrumentation {
    static final String INET_ADDRESS = "java.net.InetAddress";

    @Override
    public String point() {
        return "dns.resolve";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named(INET_ADDRESS);
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("getAllByName").and(isPublic()).and(takesArguments(1));
    }

    @Override
    public Class<?> advice() {
        return LookupAdvice.class;
    }

    static final class LookupAdvice {
        private LookupAdvice() {}

        @Advice.OnMethodEnter
        static boolean enter(@Advice.Argument(0) String host) throws Throwable {
            return Bridge.dnsResolve && Bridge.enter(Points.DNS_RESOLVE, null, host);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(Points.DNS_RESOLVE);
            }
        }
    }
}
