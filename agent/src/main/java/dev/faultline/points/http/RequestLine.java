package dev.faultline.points.http;

import java.net.URI;

/**
 * A request as the {@code http.client} point matches it: {@code METHOD scheme://host:port/path?query},
 * the port always written out, so that {@code match.port} sees the default ports too.
 */
final class RequestLine {
    final String method;
    final String host;
    final int port;
    final String path;

    private RequestLine(String method, String host, int port, String path) {
        this.method = method;
        this.host = host;
        this.port = port;
        this.path = path;
    }

    static String format(String method, URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(scheme) ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return method + ' ' + scheme + "://" + (uri.getHost() == null ? "" : uri.getHost()) + ':' + port + path + query;
    }

    static RequestLine parse(String detail) {
        int space = detail.indexOf(' ');
        URI uri = URI.create(detail.substring(space + 1));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new RequestLine(detail.substring(0, space), uri.getHost() == null ? "" : uri.getHost(), uri.getPort(), uri.getRawPath() + query);
    }

    /** The value a match key ({@code host}, {@code port}, {@code method}, {@code path}) is tested against. */
    String value(String key) {
        switch (key) {
            case "host": return host;
            case "port": return Integer.toString(port);
            case "method": return method;
            default: return path;
        }
    }

    /** {@code scheme://host:port} as clients name the server in their messages. */
    static String origin(String detail) {
        URI uri = URI.create(detail.substring(detail.indexOf(' ') + 1));
        return uri.getScheme() + "://" + uri.getHost() + ':' + uri.getPort();
    }
}
