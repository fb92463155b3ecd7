// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.FaultSpec;
import dev.faultline.core.Reflection;
import dev.faultline.points.net.NetworkErrors;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;

/**
 * Apache HttpClient 4: {@code doExecute(HttpHost, HttpRequest, HttpContext)} of its clients, which
 * every {@code execute} variant calls. Target: the client; request: {@code [HttpRequest,
 * HttpContext]}.
 */
final class ApacheClient4Adapter extends ClientAdapter {

    @Override
    RequestLine describe(Object client, Object request) throws ReflectiveOperationException {
        Object line = Reflection.call(((Object[]) request)[0], "getRequestLine");
        return RequestLine.of(
                (String) Reflection.call(line, "getMethod"),
                (String) Reflection.call(line, "getUri"));
    }

    private static final Reflection.Getter METHOD = new Reflection.Getter("getMethod");
    private static final Reflection.Getter GET_URI = new Reflection.Getter("getURI");

    /**
     * From the request's {@code URI} (an {@code HttpUriRequest}'s, which keeps its parsed parts)
     * instead of the request line, which {@code getRequestLine()} writes anew on every call. A
     * request without a URI of its own is read through its line, as before.
     */
    @Override
    String value(String key, Object client, Object request) throws Exception {
        Object httpRequest = ((Object[]) request)[0];
        if (GET_URI.isDefinedFor(httpRequest)) {
            if ("method".equals(key)) {
                return (String) METHOD.call(httpRequest);
            }
            URI uri = (URI) GET_URI.call(httpRequest);
            if (uri != null) {
                return RequestLine.valueOf(key, uri);
            }
        }
        return super.value(key, client, request);
    }

    /**
     * As HttpClient 4 fails: HttpHostConnectException "Connect to host:port failed: Connection
     * refused".
     */
    @Override
    Throwable refused(FaultSpec spec, Object client, String detail)
            throws ReflectiveOperationException {
        ClassLoader loader = client.getClass().getClassLoader();
        RequestLine line = RequestLine.parse(detail);
        Object host =
                Reflection.construct(loader, "org.apache.http.HttpHost", line.host, line.port);
        return (Throwable)
                Reflection.construct(
                        loader,
                        "org.apache.http.conn.HttpHostConnectException",
                        new ConnectException(NetworkErrors.message(spec, "Connection refused")),
                        host,
                        new InetAddress[0]);
    }

    @Override
    Object respond(SyntheticResponse response, Object client, Object request)
            throws ReflectiveOperationException {
        ClassLoader loader = client.getClass().getClassLoader();
        Object version =
                Class.forName("org.apache.http.HttpVersion", false, loader)
                        .getField("HTTP_1_1")
                        .get(null);
        Object status =
                Reflection.construct(
                        loader,
                        "org.apache.http.message.BasicStatusLine",
                        version,
                        response.code,
                        response.reason);
        Object message =
                Reflection.construct(loader, "org.apache.http.message.BasicHttpResponse", status);
        for (Map.Entry<String, String> header : response.headers.entrySet()) {
            Reflection.call(message, "addHeader", header.getKey(), header.getValue());
        }
        Object contentType =
                response.contentType() == null
                        ? null
                        : Reflection.callStatic(
                                loader,
                                "org.apache.http.entity.ContentType",
                                "parse",
                                response.contentType());
        Reflection.call(
                message,
                "setEntity",
                Reflection.construct(
                        loader,
                        "org.apache.http.entity.ByteArrayEntity",
                        response.body,
                        contentType));
        return Reflection.construct(
                loader, "org.apache.http.impl.execchain.HttpResponseProxy", message, null);
    }

    /**
     * The socket timeout of the request's, the context's or the client's config; 0 (none) when
     * unset.
     */
    @Override
    long readTimeoutMillis(Object client, Object request) throws ReflectiveOperationException {
        Object config = ApacheRequestConfig.of(client, (Object[]) request);
        return config == null
                ? 0
                : Math.max(0, ((Number) Reflection.call(config, "getSocketTimeout")).longValue());
    }
}
