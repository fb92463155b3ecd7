// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.dns;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.points.CallAdvice;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

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
        return CallAdvice.WithText.class;
    }
}
