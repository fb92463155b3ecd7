// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.Library;
import dev.faultline.points.PointInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code http.client} on OkHttp 4 and 5: {@code RealCall.getResponseWithInterceptorChain}, which
 * runs both {@code execute} and {@code enqueue}.
 */
final class OkHttpInstrumentation implements PointInstrumentation {
    static final String CLIENT = "okhttp";

    /**
     * OkHttp 4 and 5 (the tests run the oldest and newest). OkHttp 4 writes its version nowhere but
     * in its jar's name; 5 in its manifest's Bundle-Version.
     */
    static final Library OKHTTP =
            Library.named("OkHttp", "[4.4, 6)", "okhttp3.OkHttpClient")
                    .inPackage("okhttp3")
                    .needs(
                            "okhttp3.internal.connection.RealCall#getResponseWithInterceptorChain*(0)",
                            // the advice reads this field; the synthetic response names the
                            // request through request()
                            "okhttp3.internal.connection.RealCall#originalRequest",
                            "okhttp3.internal.connection.RealCall#request(0)",
                            "okhttp3.Response$Builder#sentRequestAtMillis(1)",
                            "okhttp3.ResponseBody#create(2)",
                            "okhttp3.MediaType#parse(1)",
                            "okhttp3.Protocol")
                    .build();

    @Override
    public String point() {
        return "http.client";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return named("okhttp3.internal.connection.RealCall");
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return nameStartsWith("getResponseWithInterceptorChain").and(takesNoArguments());
    }

    @Override
    public List<Library> libraries() {
        return Collections.singletonList(OKHTTP);
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
                @Advice.This Object call,
                // OkHttp 4 and 5 keep the request here; read as a field, not through request(), so
                // that the agent need not call into OkHttp by reflection to find it
                @Advice.FieldValue("originalRequest") Object request)
                throws Throwable {
            return (Bridge.switches & mask) != 0 ? Bridge.http(point, CLIENT, call, request) : null;
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
