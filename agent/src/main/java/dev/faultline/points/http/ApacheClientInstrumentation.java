// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.Library;
import dev.faultline.points.PointInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code http.client} on Apache HttpClient 5 (classic) and 4: {@code doExecute(host, request,
 * context)} of their clients, which every {@code execute} variant calls. Both lines share the
 * method's shape; the advice names the client by its class, which tells the line.
 */
final class ApacheClientInstrumentation implements PointInstrumentation {
    static final List<String> CLIENTS_5 =
            Arrays.asList(
                    "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
                    "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
    static final List<String> CLIENTS_4 =
            Arrays.asList(
                    "org.apache.http.impl.client.InternalHttpClient",
                    "org.apache.http.impl.client.MinimalHttpClient");

    /** Apache HttpClient 5 (classic): the tests run the oldest and newest. */
    static final Library APACHE_5 =
            Library.named(
                            "Apache HttpClient",
                            "[5.0, 6)",
                            "org.apache.hc.client5.http.impl.classic.CloseableHttpClient")
                    .inPackage("org.apache.hc.client5.http.impl.classic")
                    .versionIn(
                            "META-INF/maven/org.apache.httpcomponents.client5/httpclient5/pom.properties")
                    .needs(
                            CLIENTS_5.get(0) + "#doExecute(3)",
                            "org.apache.hc.client5.http.impl.classic.CloseableHttpResponse#adapt(1)",
                            "org.apache.hc.client5.http.HttpHostConnectException",
                            "org.apache.hc.core5.http.message.BasicClassicHttpResponse",
                            "org.apache.hc.core5.http.io.entity.ByteArrayEntity",
                            "org.apache.hc.core5.http.ContentType#parse(1)")
                    .build();

    /**
     * Apache HttpClient 4 from 4.3.6: InternalHttpClient came with 4.3, the response proxy the
     * agent answers with only later in that line.
     */
    static final Library APACHE_4 =
            Library.named(
                            "Apache HttpClient",
                            "[4.3.6, 5)",
                            "org.apache.http.impl.client.CloseableHttpClient")
                    .inPackage("org.apache.http.impl.client")
                    .versionIn("META-INF/maven/org.apache.httpcomponents/httpclient/pom.properties")
                    .needs(
                            CLIENTS_4.get(0) + "#doExecute(3)",
                            "org.apache.http.impl.execchain.HttpResponseProxy",
                            "org.apache.http.conn.HttpHostConnectException",
                            "org.apache.http.message.BasicHttpResponse",
                            "org.apache.http.entity.ByteArrayEntity",
                            "org.apache.http.entity.ContentType#parse(1)")
                    .build();

    @Override
    public List<Library> libraries() {
        return Arrays.asList(APACHE_5, APACHE_4);
    }

    @Override
    public String point() {
        return "http.client";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return namedOneOf(CLIENTS_5.get(0), CLIENTS_5.get(1), CLIENTS_4.get(0), CLIENTS_4.get(1));
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("doExecute").and(takesArguments(3));
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
                @Advice.Argument(1) Object request,
                @Advice.Argument(2) Object context,
                @Advice.Origin("#t") String clientClass)
                throws Throwable {
            return (Bridge.switches & mask) != 0
                    ? Bridge.http(point, clientClass, client, new Object[] {request, context})
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
