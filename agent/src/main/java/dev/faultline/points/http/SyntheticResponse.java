// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.FaultSpec;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The response of a {@code status} fault: code, reason phrase, headers and body, as each client
 * then builds it.
 */
final class SyntheticResponse {
    private static final Map<Integer, String> REASONS = new TreeMap<>();

    static {
        String[] reasons = {
            "200 OK",
            "201 Created",
            "202 Accepted",
            "204 No Content",
            "301 Moved Permanently",
            "302 Found",
            "304 Not Modified",
            "400 Bad Request",
            "401 Unauthorized",
            "403 Forbidden",
            "404 Not Found",
            "405 Method Not Allowed",
            "408 Request Timeout",
            "409 Conflict",
            "410 Gone",
            "413 Content Too Large",
            "422 Unprocessable Content",
            "429 Too Many Requests",
            "500 Internal Server Error",
            "501 Not Implemented",
            "502 Bad Gateway",
            "503 Service Unavailable",
            "504 Gateway Timeout"
        };
        for (String reason : reasons) {
            REASONS.put(Integer.parseInt(reason.substring(0, 3)), reason.substring(4));
        }
    }

    final int code;
    final String reason;
    final byte[] body;

    /** The headers to send, Content-Type included (text/plain when a body is given without one). */
    final Map<String, String> headers;

    private SyntheticResponse(int code, byte[] body, Map<String, String> headers) {
        this.code = code;
        this.reason = REASONS.getOrDefault(code, "");
        this.body = body;
        this.headers = headers;
    }

    static SyntheticResponse of(FaultSpec spec) {
        Map<String, String> headers = new LinkedHashMap<>(spec.get(HttpClientPoint.HEADERS));
        boolean typed = headers.keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase);
        String body = spec.get(HttpClientPoint.BODY);
        if (!typed && !body.isEmpty()) {
            headers.put("Content-Type", "text/plain; charset=utf-8");
        }
        return new SyntheticResponse(
                spec.get(HttpClientPoint.CODE), body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The Content-Type header, or {@code null}. */
    String contentType() {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * The headers as lists of values, keyed case-insensitively, as {@code
     * java.net.http.HttpHeaders} wants them.
     */
    Map<String, List<String>> headerLists() {
        Map<String, List<String>> lists = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> lists.put(name, Collections.singletonList(value)));
        return lists;
    }

    String statusLine() {
        return "HTTP/1.1 " + code + (reason.isEmpty() ? "" : " " + reason);
    }
}
