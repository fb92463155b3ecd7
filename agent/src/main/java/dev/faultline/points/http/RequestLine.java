// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import java.net.URI;

/**
 * A request as the {@code http.client} point matches it: {@code METHOD
 * scheme://host:port/path?query}, the port always written out, so that {@code match.port} sees the
 * default ports too. Read and written with plain string operations: with a fault active on another
 * host, every request of the application passes through here.
 */
final class RequestLine {
    final String method;
    final String host;
    final int port;
    final String path;

    /** The port as {@code match.port} tests it, written once rather than on every test. */
    private final String portText;

    /** The whole line, as recordings and messages show it. */
    private final String text;

    private RequestLine(String method, String host, int port, String path, String text) {
        this.method = method;
        this.host = host;
        this.port = port;
        this.path = path;
        this.portText = Integer.toString(port);
        this.text = text;
    }

    /** A request's typed detail, read once per request (see {@link ClientAdapter#line}). */
    static RequestLine of(String method, URI uri) {
        return parse(format(method, uri));
    }

    /** As {@link #of(String, URI)}, from an absolute URL as clients print it. */
    static RequestLine of(String method, String url) {
        return parse(format(method, url));
    }

    static String format(String method, URI uri) {
        return format(
                method,
                uri.getScheme(),
                uri.getHost(),
                uri.getPort(),
                uri.getRawPath(),
                uri.getRawQuery());
    }

    /**
     * From an absolute URL as clients print it ({@code http://host[:port]/path?query}); a relative
     * one gets no host.
     */
    static String format(String method, String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            int query = url.indexOf('?');
            return format(
                    method,
                    null,
                    null,
                    -1,
                    query < 0 ? url : url.substring(0, query),
                    query < 0 ? null : url.substring(query + 1));
        }
        int hostStart = schemeEnd + 3;
        int pathStart = pathStart(url, hostStart);
        int portSeparator = url.lastIndexOf(':', pathStart - 1);
        boolean hasPort =
                portSeparator >= hostStart && url.lastIndexOf(']', pathStart - 1) < portSeparator;
        String host = url.substring(hostStart, hasPort ? portSeparator : pathStart);
        int port = hasPort ? Integer.parseInt(url.substring(portSeparator + 1, pathStart)) : -1;
        int fragment = url.indexOf('#', pathStart);
        String rest = url.substring(pathStart, fragment < 0 ? url.length() : fragment);
        int query = rest.indexOf('?');
        return format(
                method,
                url.substring(0, schemeEnd),
                host,
                port,
                query < 0 ? rest : rest.substring(0, query),
                query < 0 ? null : rest.substring(query + 1));
    }

    private static String format(
            String method, String scheme, String host, int port, String path, String query) {
        String protocol = scheme == null ? "http" : scheme;
        return method
                + ' '
                + protocol
                + "://"
                + (host == null ? "" : host)
                + ':'
                + effectivePort(port, protocol)
                + pathText(path, query);
    }

    /** Where the path (or query, or fragment) of an absolute URL starts: after its authority. */
    private static int pathStart(String url, int hostStart) {
        int pathStart = hostStart;
        while (pathStart < url.length() && "/?#".indexOf(url.charAt(pathStart)) < 0) {
            pathStart++;
        }
        return pathStart;
    }

    /** The port a request goes to: the given one, or the scheme's default when unset (-1). */
    private static int effectivePort(int port, String scheme) {
        return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    static RequestLine parse(String detail) {
        int space = detail.indexOf(' ');
        int hostStart = detail.indexOf("://", space) + 3;
        int pathStart = detail.indexOf('/', hostStart);
        int portSeparator = detail.lastIndexOf(':', pathStart);
        return new RequestLine(
                detail.substring(0, space),
                detail.substring(hostStart, portSeparator),
                Integer.parseInt(detail.substring(portSeparator + 1, pathStart)),
                detail.substring(pathStart),
                detail);
    }

    /**
     * The value a match key ({@code host}, {@code port}, {@code method}, {@code path}) is tested
     * against.
     */
    String value(String key) {
        switch (key) {
            case "host":
                return host;
            case "port":
                return portText;
            case "method":
                return method;
            default:
                return path;
        }
    }

    /**
     * The value of {@code host}, {@code port} or {@code path} read from a {@link URI}, as the JDK
     * client and Apache HttpClient 4 hold their requests' (it keeps its parsed parts): the same
     * value as the request's line gives, with nothing allocated but a path with a query.
     */
    static String valueOf(String key, URI uri) {
        switch (key) {
            case "host":
                String host = uri.getHost();
                return host == null ? "" : host;
            case "port":
                return portText(uri.getPort(), uri.getScheme());
            default:
                return pathText(uri.getRawPath(), uri.getRawQuery());
        }
    }

    /** {@code path} as a line has it: {@code /} for none, the query after {@code ?}. */
    static String pathText(String rawPath, String rawQuery) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        return rawQuery == null ? path : path + '?' + rawQuery;
    }

    /**
     * {@code path} of an absolute URL as clients print it (OkHttp's {@code HttpUrl}): the part from
     * the path to the fragment, as {@link #format(String, String)} writes it.
     */
    static String pathOf(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return parse(format("GET", url)).path;
        }
        int start = pathStart(url, schemeEnd + 3);
        int fragment = url.indexOf('#', start);
        int end = fragment < 0 ? url.length() : fragment;
        if (start == end) {
            return "/";
        }
        return url.charAt(start) == '/'
                ? url.substring(start, end)
                : "/" + url.substring(start, end); // a query right after the host
    }

    /** {@code port} for a port that may be unset ({@code -1}): the scheme's default then. */
    static String portText(int port, String scheme) {
        return portText(effectivePort(port, scheme));
    }

    /**
     * A port's text, written once per port and kept: {@code match.port} is tested on every request
     * of every client while a fault is active, and an application talks to a few ports only.
     */
    static String portText(int port) {
        int slot = port & (PORT_TEXTS.length - 1);
        PortText known = PORT_TEXTS[slot];
        if (known == null || known.port != port) {
            // written without ordering by any thread: a PortText's fields are final
            known = new PortText(port);
            PORT_TEXTS[slot] = known;
        }
        return known.text;
    }

    private static final PortText[] PORT_TEXTS = new PortText[64];

    private static final class PortText {
        final int port;
        final String text;

        PortText(int port) {
            this.port = port;
            this.text = Integer.toString(port);
        }
    }

    /** The line: {@code METHOD scheme://host:port/path?query}. */
    @Override
    public String toString() {
        return text;
    }

    /** {@code scheme://host:port} as clients name the server in their messages. */
    static String origin(String detail) {
        int space = detail.indexOf(' ');
        return detail.substring(space + 1, detail.indexOf('/', detail.indexOf("://", space) + 3));
    }
}
