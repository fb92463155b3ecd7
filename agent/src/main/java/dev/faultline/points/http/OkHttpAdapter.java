// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.FaultSpec;
import dev.faultline.core.Reflection;
import dev.faultline.points.net.NetworkErrors;
import java.net.ConnectException;

/**
 * OkHttp 4 and 5: {@code RealCall.getResponseWithInterceptorChain}, which runs every call, on the
 * caller's thread for {@code execute} and on the dispatcher's for {@code enqueue} (so a delay never
 * holds the caller of an asynchronous call). The target is the {@code RealCall}, the request its
 * {@code originalRequest}.
 */
final class OkHttpAdapter extends ClientAdapter {

    @Override
    RequestLine describe(Object call, Object request) throws ReflectiveOperationException {
        return RequestLine.of(
                (String) Reflection.call(request, "method"),
                Reflection.call(request, "url").toString());
    }

    private static final Reflection.Getter METHOD = new Reflection.Getter("method");
    private static final Reflection.Getter URL = new Reflection.Getter("url");
    private static final Reflection.Getter HOST = new Reflection.Getter("host");
    private static final Reflection.Getter PORT = new Reflection.Getter("port");

    /**
     * From the request's {@code HttpUrl}, which keeps host and port parsed (its port is the default
     * one when the URL has none) and its text whole.
     */
    @Override
    String value(String key, Object call, Object request) throws ReflectiveOperationException {
        if ("method".equals(key)) {
            return (String) METHOD.call(request);
        }
        Object url = URL.call(request);
        switch (key) {
            case "host":
                return (String) HOST.call(url);
            case "port":
                return RequestLine.portText((Integer) PORT.call(url));
            default:
                return RequestLine.pathOf(url.toString());
        }
    }

    /**
     * The call's {@code okhttp3.Request} (the advice passes {@code RealCall.originalRequest}):
     * immutable, and often one instance sent many times.
     */
    @Override
    Object cacheKey(Object call, Object request) {
        return request;
    }

    /** As OkHttp fails: "Failed to connect to /host:port", caused by the socket's refusal. */
    @Override
    Throwable refused(FaultSpec spec, Object call, String detail) {
        RequestLine line = RequestLine.parse(detail);
        ConnectException refused =
                new ConnectException(
                        NetworkErrors.message(
                                spec, "Failed to connect to /" + line.host + ":" + line.port));
        refused.initCause(new ConnectException("Connection refused"));
        return refused;
    }

    /** OkHttp's read timeout comes from its own watchdog, which says only this. */
    @Override
    String readTimeoutMessage() {
        return "timeout";
    }

    @Override
    Object respond(SyntheticResponse response, Object call, Object request)
            throws ReflectiveOperationException {
        ClassLoader loader = call.getClass().getClassLoader();
        Object builder = Reflection.construct(loader, "okhttp3.Response$Builder");
        Reflection.call(builder, "request", Reflection.call(call, "request"));
        Reflection.call(
                builder,
                "protocol",
                Reflection.callStatic(loader, "okhttp3.Protocol", "valueOf", "HTTP_1_1"));
        Reflection.call(builder, "code", response.code);
        Reflection.call(builder, "message", response.reason);
        for (java.util.Map.Entry<String, String> header : response.headers.entrySet()) {
            Reflection.call(builder, "addHeader", header.getKey(), header.getValue());
        }
        Object mediaType =
                response.contentType() == null
                        ? null
                        : Reflection.callStatic(
                                loader, "okhttp3.MediaType", "parse", response.contentType());
        Reflection.call(
                builder,
                "body",
                Reflection.callStatic(
                        loader, "okhttp3.ResponseBody", "create", response.body, mediaType));
        long now = System.currentTimeMillis();
        Reflection.call(builder, "sentRequestAtMillis", now);
        Reflection.call(builder, "receivedResponseAtMillis", now);
        return Reflection.call(builder, "build");
    }

    @Override
    long readTimeoutMillis(Object call, Object request) throws ReflectiveOperationException {
        return ((Number) Reflection.call(Reflection.call(call, "getClient"), "readTimeoutMillis"))
                .longValue();
    }
}
