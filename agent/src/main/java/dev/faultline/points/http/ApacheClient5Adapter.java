// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.FaultSpec;
import dev.faultline.core.Reflection;
import dev.faultline.points.net.NetworkErrors;
import java.net.URI;
import java.util.Map;

/**
 * Apache HttpClient 5 (classic): {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)} of
 * its clients, which every {@code execute} variant calls. Target: the client; request: {@code
 * [ClassicHttpRequest, HttpContext]}.
 */
final class ApacheClient5Adapter extends ClientAdapter {
    /**
     * HttpClient 5's default socket timeout, when neither request nor client sets a response
     * timeout.
     */
    private static final long DEFAULT_TIMEOUT_MILLIS = 180_000;

    @Override
    RequestLine describe(Object client, Object request) throws ReflectiveOperationException {
        Object httpRequest = ((Object[]) request)[0];
        return RequestLine.of(
                (String) Reflection.call(httpRequest, "getMethod"),
                (URI) Reflection.call(httpRequest, "getUri"));
    }

    private static final Reflection.Getter METHOD = new Reflection.Getter("getMethod");
    private static final Reflection.Getter AUTHORITY = new Reflection.Getter("getAuthority");
    private static final Reflection.Getter SCHEME = new Reflection.Getter("getScheme");
    private static final Reflection.Getter PATH = new Reflection.Getter("getPath");
    private static final Reflection.Getter HOST_NAME = new Reflection.Getter("getHostName");
    private static final Reflection.Getter PORT = new Reflection.Getter("getPort");

    /**
     * From the parts the request keeps (method, scheme, authority, path with its query), which
     * {@code getUri()} would write out and parse again. A request without an authority, or whose
     * path is not an absolute path, is read through its line, as before.
     */
    @Override
    String value(String key, Object client, Object request) throws Exception {
        Object httpRequest = ((Object[]) request)[0];
        if ("method".equals(key)) {
            return (String) METHOD.call(httpRequest);
        }
        Object authority = AUTHORITY.call(httpRequest);
        if (authority != null) {
            switch (key) {
                case "host":
                    String host = (String) HOST_NAME.call(authority);
                    if (host.indexOf(':') < 0) { // an IPv6 address is written with brackets
                        return host;
                    }
                    break;
                case "port":
                    return RequestLine.portText(
                            (Integer) PORT.call(authority), (String) SCHEME.call(httpRequest));
                default:
                    String path = (String) PATH.call(httpRequest);
                    if (path != null && path.startsWith("/") && path.indexOf('#') < 0) {
                        return path;
                    }
            }
        }
        return super.value(key, client, request);
    }

    /**
     * As HttpClient 5 fails: HttpHostConnectException "Connect to http://host:port failed:
     * Connection refused".
     */
    @Override
    Throwable refused(FaultSpec spec, Object client, String detail)
            throws ReflectiveOperationException {
        return (Throwable)
                Reflection.construct(
                        client.getClass().getClassLoader(),
                        "org.apache.hc.client5.http.HttpHostConnectException",
                        NetworkErrors.message(
                                spec,
                                "Connect to "
                                        + RequestLine.origin(detail)
                                        + " failed: Connection refused"));
    }

    @Override
    Object respond(SyntheticResponse response, Object client, Object request)
            throws ReflectiveOperationException {
        ClassLoader loader = client.getClass().getClassLoader();
        Object message =
                Reflection.construct(
                        loader,
                        "org.apache.hc.core5.http.message.BasicClassicHttpResponse",
                        response.code,
                        response.reason);
        for (Map.Entry<String, String> header : response.headers.entrySet()) {
            Reflection.call(message, "addHeader", header.getKey(), header.getValue());
        }
        Object contentType =
                response.contentType() == null
                        ? null
                        : Reflection.callStatic(
                                loader,
                                "org.apache.hc.core5.http.ContentType",
                                "parse",
                                response.contentType());
        Reflection.call(
                message,
                "setEntity",
                Reflection.construct(
                        loader,
                        "org.apache.hc.core5.http.io.entity.ByteArrayEntity",
                        response.body,
                        contentType));
        return Reflection.callStatic(
                loader,
                "org.apache.hc.client5.http.impl.classic.CloseableHttpResponse",
                "adapt",
                message);
    }

    /**
     * The response timeout of the request's config, else of the client's default config, else the
     * library's default.
     */
    @Override
    long readTimeoutMillis(Object client, Object request) throws ReflectiveOperationException {
        Object config = ApacheRequestConfig.of(client, (Object[]) request);
        Object timeout = config == null ? null : Reflection.call(config, "getResponseTimeout");
        return timeout == null
                ? DEFAULT_TIMEOUT_MILLIS
                : ((Number) Reflection.call(timeout, "toMilliseconds")).longValue();
    }
}
