package dev.faultline.points.http;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** {@code http.client} on Apache HttpClient 5 (classic): {@code doExecute} of its clients, which every {@code execute} calls. */
final class ApacheClient5Instrumentation implements PointInstrumentation {
    static final String CLIENT = "apache5";

    @Override
    public String point() {
        return "http.client";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return namedOneOf("org.apache.hc.client5.http.impl.classic.InternalHttpClient", "org.apache.hc.client5.http.impl.classic.MinimalHttpClient");
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
        static Object enter(@Advice.This Object client, @Advice.Argument(1) Object request, @Advice.Argument(2) Object context) throws Throwable {
            return Bridge.httpClient ? Bridge.http(CLIENT, client, new Object[] {request, context}) : null;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter Object replacement,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response) {
            if (replacement != null) {
                response = replacement;
            }
        }
    }
}
