// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.ActiveFault;
import dev.faultline.core.AgentPolicy;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.Origin;
import dev.faultline.core.PointCatalog;
import dev.faultline.core.SpecParser;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.http.message.BasicHttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@code http.client} decides a request with a fault active, per client, on the clients' real
 * request objects: every match key ({@code host}, {@code port}, {@code method}, {@code path}) is
 * read from the client's own parsed parts and decides as the request's whole line did, for the
 * requests a fault does not match and for those it does; and a request no fault matches is decided
 * without allocating.
 */
class RequestMatchingTest {
    private static final String ORDERS = "http://orders.internal:8080/orders/1?page=2";
    private static final String PAYMENTS = "https://payments.internal/charges";

    private final HttpClientPoint point = point();
    private final PointCatalog catalog = new PointCatalog(List.of(point));
    private final FaultRegistry registry = new FaultRegistry(catalog);
    private final SpecParser parser = new SpecParser(catalog, AgentPolicy.defaults());
    private final List<AutoCloseable> closing = new ArrayList<>();

    private static HttpClientPoint point() {
        HttpModule module = new HttpModule();
        module.init(null); // no instrumentation: only what decides, never a synthetic response
        return (HttpClientPoint) module.points().get(0);
    }

    @AfterEach
    void close() throws Exception {
        registry.shutdown(Origin.EXPIRY);
        point.close();
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    /** One client library: how its instrumented method sees a request (target, request). */
    private static final class Client {
        final String name;
        final Function<String[], Object[]> call;

        Client(String name, Function<String[], Object[]> call) {
            this.name = name;
            this.call = call;
        }

        /** {target, request} for {@code METHOD url}, made fresh (a connection is one request). */
        Object[] call(String method, String url) {
            return call.apply(new String[] {method, url});
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private List<Client> clients() throws Exception {
        OkHttpClient okHttp = new OkHttpClient();
        HttpClient jdk = HttpClient.newHttpClient();
        CloseableHttpClient apache5 = HttpClients.createDefault();
        org.apache.http.impl.client.CloseableHttpClient apache4 =
                org.apache.http.impl.client.HttpClients.createDefault();
        closing.add(apache5);
        closing.add(apache4);
        return Arrays.asList(
                new Client(
                        OkHttpInstrumentation.CLIENT,
                        line -> {
                            okhttp3.Request request =
                                    new okhttp3.Request.Builder()
                                            .url(line[1])
                                            .method(
                                                    line[0],
                                                    line[0].equals("GET")
                                                            ? null
                                                            : RequestBody.create(new byte[0]))
                                            .build();
                            // the RealCall, as the advice sees it, and its originalRequest
                            return new Object[] {okHttp.newCall(request), request};
                        }),
                new Client(
                        JdkHttpClientInstrumentation.CLIENT,
                        line ->
                                new Object[] {
                                    jdk,
                                    new Object[] {
                                        HttpRequest.newBuilder(URI.create(line[1]))
                                                .method(
                                                        line[0],
                                                        HttpRequest.BodyPublishers.noBody())
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding(),
                                        null
                                    }
                                }),
                new Client(
                        UrlConnectionInstrumentation.CLIENT_PREFIX + "getInputStream",
                        line -> {
                            try {
                                // opened, never connected: nothing leaves the process
                                HttpURLConnection connection =
                                        (HttpURLConnection) new URL(line[1]).openConnection();
                                connection.setRequestMethod(line[0]);
                                return new Object[] {connection, connection};
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }),
                new Client(
                        ApacheClientInstrumentation.CLIENTS_5.get(0),
                        line ->
                                new Object[] {
                                    apache5,
                                    new Object[] {
                                        new org.apache.hc.core5.http.message
                                                .BasicClassicHttpRequest(
                                                line[0], URI.create(line[1])),
                                        null
                                    }
                                }),
                new Client(
                        ApacheClientInstrumentation.CLIENTS_4.get(0),
                        line ->
                                new Object[] {
                                    apache4,
                                    new Object[] {
                                        line[0].equals("GET")
                                                ? new org.apache.http.client.methods.HttpGet(
                                                        line[1])
                                                : new org.apache.http.client.methods.HttpPost(
                                                        line[1]),
                                        null
                                    }
                                }));
    }

    private ActiveFault fault(String match) {
        String id = "f" + registry.activeCount();
        return registry.enable(
                        parser.parseJson(
                                "{\"id\": \""
                                        + id
                                        + "\", \"point\": \"http.client\", \"action\": \"error\","
                                        + " \"match\": "
                                        + match
                                        + "}"),
                        Origin.EXPIRY)
                .get(0);
    }

    /** As the dispatcher decides: the call's detail, the fault's question, the end of the call. */
    private boolean decide(ActiveFault fault, Client client, Object[] call) {
        Object detail = point.detail(call[0], call[1], client.name);
        try {
            return point.concerns(fault, call[0], detail);
        } finally {
            point.decided(detail);
        }
    }

    /** Each key's value, as the faults read it, and as the request's whole line has it. */
    private Map<String, List<String>> values(Client client, Object[] call) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Object detail = point.detail(call[0], call[1], client.name);
        try {
            RequestLine line = RequestView.line((Object[]) detail);
            for (String key : point.matchKeys()) {
                values.put(key, List.of(point.matchValue(key, call[0], detail), line.value(key)));
            }
        } finally {
            point.decided(detail);
        }
        return values;
    }

    @Test
    void everyKeyReadsTheValueOfTheRequestsLine() throws Exception {
        for (Client client : clients()) {
            assertThat(values(client, client.call("GET", ORDERS)))
                    .as(client.name)
                    .containsExactly(
                            Map.entry("host", List.of("orders.internal", "orders.internal")),
                            Map.entry("port", List.of("8080", "8080")),
                            Map.entry("method", List.of("GET", "GET")),
                            Map.entry("path", List.of("/orders/1?page=2", "/orders/1?page=2")));
            assertThat(values(client, client.call("POST", PAYMENTS)))
                    .as(client.name)
                    .containsExactly(
                            Map.entry("host", List.of("payments.internal", "payments.internal")),
                            Map.entry("port", List.of("443", "443")),
                            Map.entry("method", List.of("POST", "POST")),
                            Map.entry("path", List.of("/charges", "/charges")));
            // no path at all, a query right after the host, a loopback address
            assertThat(values(client, client.call("GET", "http://127.0.0.1:9/?q=a%20b")))
                    .as(client.name)
                    .containsExactly(
                            Map.entry("host", List.of("127.0.0.1", "127.0.0.1")),
                            Map.entry("port", List.of("9", "9")),
                            Map.entry("method", List.of("GET", "GET")),
                            Map.entry("path", List.of("/?q=a%20b", "/?q=a%20b")));
        }
    }

    @Test
    void aRequestTheFaultDoesNotMatchIsLeftAloneAndOneItMatchesIsNot() throws Exception {
        ActiveFault host = fault("{\"host\": \"^payments\\\\.\"}");
        ActiveFault path = fault("{\"path\": \"^/orders/\\\\d+\"}");
        ActiveFault method = fault("{\"method\": \"^POST$\"}");
        ActiveFault port = fault("{\"port\": \"^443$\"}");
        ActiveFault both = fault("{\"host\": \"^orders\\\\.\", \"method\": \"^GET$\"}");
        for (Client client : clients()) {
            for (int round = 0; round < 3; round++) { // decided again, and from the memo
                Object[] orders = client.call("GET", ORDERS);
                Object[] payments = client.call("POST", PAYMENTS);
                assertThat(decide(host, client, orders)).as(client.name).isFalse();
                assertThat(decide(path, client, payments)).as(client.name).isFalse();
                assertThat(decide(method, client, orders)).as(client.name).isFalse();
                assertThat(decide(port, client, orders)).as(client.name).isFalse();
                assertThat(decide(both, client, payments)).as(client.name).isFalse();
                assertThat(decide(both, client, client.call("POST", ORDERS)))
                        .as(client.name)
                        .isFalse();
                assertThat(decide(host, client, client.call("GET", PAYMENTS)))
                        .as(client.name)
                        .isTrue();
                assertThat(decide(path, client, client.call("GET", ORDERS)))
                        .as(client.name)
                        .isTrue();
                assertThat(decide(method, client, client.call("POST", ORDERS)))
                        .as(client.name)
                        .isTrue();
                assertThat(decide(port, client, client.call("GET", PAYMENTS)))
                        .as(client.name)
                        .isTrue();
                assertThat(decide(both, client, client.call("GET", ORDERS)))
                        .as(client.name)
                        .isTrue();
            }
        }
        for (ActiveFault fault : List.of(host, path, method, port, both)) {
            assertThat(fault.injected()).isZero(); // deciding injects nothing
        }
    }

    @Test
    void anApacheHttpClient4RequestWithoutAUriOfItsOwnIsReadThroughItsLine() throws Exception {
        Client apache4 = clients().get(4);
        Object[] call = {
            apache4.call("GET", ORDERS)[0],
            new Object[] {new BasicHttpRequest("DELETE", "http://stock.internal/items/7"), null}
        };
        assertThat(values(apache4, call))
                .containsExactly(
                        Map.entry("host", List.of("stock.internal", "stock.internal")),
                        Map.entry("port", List.of("80", "80")),
                        Map.entry("method", List.of("DELETE", "DELETE")),
                        Map.entry("path", List.of("/items/7", "/items/7")));
        assertThat(decide(fault("{\"host\": \"^stock\\\\.\"}"), apache4, call)).isTrue();
    }

    @Test
    void aConnectionIsOneRequestAndItsLaterCallsAreNotDecidedAgain() throws Exception {
        Client urlConnection = clients().get(2);
        ActiveFault payments = fault("{\"host\": \"^payments\\\\.\"}");
        Object[] matched = urlConnection.call("GET", PAYMENTS);
        assertThat(decide(payments, urlConnection, matched)).isTrue();
        assertThat(decide(payments, urlConnection, matched)).isFalse();
        // a connection no fault matched is not remembered: decided again, the same way
        Object[] other = urlConnection.call("GET", ORDERS);
        assertThat(decide(payments, urlConnection, other)).isFalse();
        assertThat(decide(payments, urlConnection, other)).isFalse();
    }

    @Test
    void theViewLetsGoOfTheRequestOnceDecided() throws Exception {
        Client okHttp = clients().get(0);
        Object[] call = okHttp.call("GET", ORDERS);
        Object[] detail = (Object[]) point.detail(call[0], call[1], okHttp.name);
        assertThat(detail).contains(call[0], call[1]);
        point.decided(detail);
        assertThat(detail).containsOnlyNulls();
    }

    /**
     * A request no fault matches, on the {@code host} key the figures measure: read and decided
     * without allocating. The bound is far below one object per request.
     */
    @Test
    void aRequestNoFaultMatchesIsDecidedWithoutAllocating() throws Exception {
        ActiveFault payments = fault("{\"host\": \"^payments\\\\.\"}");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        int requests = 20_000;
        for (Client client : clients()) {
            Object[] orders = client.call("GET", ORDERS);
            for (int i = 0; i < requests; i++) { // past the reflective calls' first inflation
                decide(payments, client, orders);
            }
            long before = threads.getThreadAllocatedBytes(self);
            int matched = 0;
            for (int i = 0; i < requests; i++) {
                matched += decide(payments, client, orders) ? 1 : 0;
            }
            long allocated = threads.getThreadAllocatedBytes(self) - before;
            assertThat(matched).isZero();
            assertThat(allocated)
                    .as(client.name + ": bytes for %d requests", requests)
                    .isLessThan(requests);
        }
    }
}
