// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP clients: {@code http.client} on the JDK's HttpClient and HttpURLConnection and on the
 * application's own Apache HttpClient 5 or 4 and OkHttp 4 or 5, which the agent never bundles.
 * Clients absent from the application stay uninstrumented; {@code list()} shows which were found.
 */
public final class HttpModule implements PointModule {
    private HttpClientPoint point;

    /**
     * @param instrumentation the agent's, to open HttpURLConnection's internals for synthetic
     *     responses
     */
    @Override
    public void init(Instrumentation instrumentation) {
        UrlConnectionAdapter.JavaBaseAccess access =
                new UrlConnectionAdapter.JavaBaseAccess(instrumentation);
        UrlConnectionAdapter.Requests urlConnections = new UrlConnectionAdapter.Requests();
        Map<String, ClientAdapter> clients = new HashMap<>();
        if (ModuleLayer.boot()
                .findModule("java.net.http")
                .isPresent()) { // absent from some trimmed runtime images
            clients.put(
                    JdkHttpClientInstrumentation.CLIENT,
                    new JdkHttpClientAdapter(() -> point.id()));
        }
        clients.put(OkHttpInstrumentation.CLIENT, new OkHttpAdapter());
        ClientAdapter apache5 = new ApacheClient5Adapter();
        ClientAdapter apache4 = new ApacheClient4Adapter();
        ApacheClientInstrumentation.CLIENTS_5.forEach(type -> clients.put(type, apache5));
        ApacheClientInstrumentation.CLIENTS_4.forEach(type -> clients.put(type, apache4));
        for (UrlConnectionAdapter.Entry entry : UrlConnectionAdapter.Entry.values()) {
            clients.put(
                    UrlConnectionInstrumentation.CLIENT_PREFIX + entry.method,
                    new UrlConnectionAdapter(entry, access, urlConnections));
        }
        this.point = new HttpClientPoint(clients);
    }

    @Override
    public List<InjectionPoint> points() {
        return Collections.singletonList(point);
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Arrays.asList(
                new JdkHttpClientInstrumentation(),
                new UrlConnectionInstrumentation(),
                new UrlConnectionInstrumentation.Connect(),
                new OkHttpInstrumentation(),
                new ApacheClientInstrumentation());
    }

    @Override
    public List<String> classFileMarkers() {
        return Arrays.asList(
                "jdk/internal/net/http/HttpClientImpl",
                "sun/net/www/protocol/http/HttpURLConnection",
                "okhttp3/internal/connection/RealCall",
                "org/apache/hc/client5/http/impl/classic/",
                "org/apache/http/impl/client/");
    }

    @Override
    public List<String> jdkClasses() {
        return Arrays.asList(
                "jdk.internal.net.http.HttpClientImpl", UrlConnectionInstrumentation.CONNECTION);
    }
}
