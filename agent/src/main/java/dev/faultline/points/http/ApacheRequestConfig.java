// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.Reflection;

/**
 * The {@code RequestConfig} an Apache HttpClient (4 or 5) applies to a request: the request's own,
 * else the one in the execution context (where Spring's request factories put theirs), else the
 * client's default.
 */
final class ApacheRequestConfig {
    /**
     * The context attribute both lines keep a request's config under ({@code
     * HttpClientContext.REQUEST_CONFIG}).
     */
    private static final String CONTEXT_ATTRIBUTE = "http.request-config";

    private ApacheRequestConfig() {}

    /**
     * @param call {@code [request, context]}, as {@code doExecute} received them; the context may
     *     be null
     */
    static Object of(Object client, Object[] call) throws ReflectiveOperationException {
        Object config =
                Reflection.hasMethod(call[0], "getConfig")
                        ? Reflection.call(call[0], "getConfig")
                        : null;
        if (config == null && call[1] != null) {
            config = Reflection.call(call[1], "getAttribute", CONTEXT_ATTRIBUTE);
        }
        if (config == null && Reflection.hasField(client, "defaultConfig")) {
            config = Reflection.field(client, "defaultConfig");
        }
        return config;
    }
}
