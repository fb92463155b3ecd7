// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code http.client} seen from the application: each real client library in a child JVM started
 * with the agent, against a real HTTP server on loopback, faults switched over JMX. Run per JDK and
 * per OkHttp line by the subclasses.
 */
abstract class HttpFaultsContract extends NetworkApplicationTest {
    /** The exception each client throws for a refused connection. */
    private static final Map<String, String> REFUSED =
            Map.ofEntries(
                    entry("jdk", "java.net.ConnectException"),
                    entry("jdk-async", "java.net.ConnectException"),
                    entry("urlconnection", "java.net.ConnectException"),
                    entry("apache5", "org.apache.hc.client5.http.HttpHostConnectException"),
                    entry("apache4", "org.apache.http.conn.HttpHostConnectException"),
                    entry("okhttp", "java.net.ConnectException"),
                    entry("okhttp-async", "java.net.ConnectException"),
                    entry(
                            "resttemplate",
                            "org.springframework.web.client.ResourceAccessException"));

    /**
     * The exception and message each client fails with when no response comes within its read
     * timeout.
     */
    private static final Map<String, String> TIMED_OUT =
            Map.ofEntries(
                    entry("jdk", "java.net.http.HttpTimeoutException - request timed out"),
                    entry("jdk-async", "java.net.http.HttpTimeoutException - request timed out"),
                    entry("urlconnection", "java.net.SocketTimeoutException - Read timed out"),
                    entry("apache5", "java.net.SocketTimeoutException - Read timed out"),
                    entry("apache4", "java.net.SocketTimeoutException - Read timed out"),
                    entry("okhttp", "java.net.SocketTimeoutException - timeout"),
                    entry("okhttp-async", "java.net.SocketTimeoutException - timeout"),
                    entry(
                            "resttemplate",
                            "org.springframework.web.client.ResourceAccessException - I/O error on GET request for"));

    private LoopbackHttpServer server;

    /** The clients this run drives. */
    List<String> clients() {
        return Arrays.asList(
                "jdk",
                "jdk-async",
                "urlconnection",
                "apache5",
                "apache4",
                "okhttp",
                "okhttp-async",
                "resttemplate");
    }

    @BeforeAll
    void startServerAndUseEveryClient() throws Exception {
        server = new LoopbackHttpServer();
        for (String client : clients()) {
            assertThat(get(client, "/warmup", 5000).detail).startsWith("status=200 body=warmup");
        }
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Reply get(String client, String path, int timeoutMillis) throws Exception {
        return app.send(
                "http "
                        + client
                        + " GET http://127.0.0.1:"
                        + server.port()
                        + path
                        + " "
                        + timeoutMillis);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void delayHoldsOnlyTheMatchedRequestsAndNotTheCallerOfAnAsyncCall(String client)
            throws Exception {
        jmx.enable(
                "{\"point\": \"http.client\", \"action\": \"delay\", \"delay\": \"400ms\", \"match\": {\"path\": \"^/orders\", \"method\": \"GET\"}}");
        Reply delayed = get(client, "/orders", 5000);
        assertThat(delayed.ok).as(delayed.toString()).isTrue();
        assertThat(delayed.detail).startsWith("status=200 body=orders");
        assertThat(delayed.millis).isBetween(400L, 3000L);
        if (client.endsWith("-async")) {
            assertThat(Long.parseLong(delayed.detail.replaceAll(".* handoff=", "")))
                    .isLessThan(200L);
        }
        assertThat(get(client, "/inventory", 5000).millis).isLessThan(400L);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void errorIsTheClientsOwnConnectionRefusedAndTheServerSeesNothing(String client)
            throws Exception {
        jmx.enable(
                "{\"point\": \"http.client\", \"action\": \"error\", \"match\": {\"port\": \"^"
                        + server.port()
                        + "$\", \"path\": \"^/payments$\"}}");
        int before = server.requests("/payments");
        Reply reply = get(client, "/payments", 5000);
        assertThat(reply.ok).as(reply.toString()).isFalse();
        assertThat(reply.exception()).isEqualTo(REFUSED.get(client));
        assertThat(server.requests("/payments")).isEqualTo(before);
        assertThat(get(client, "/orders", 5000).detail).startsWith("status=200");
    }

    @ParameterizedTest
    @MethodSource("clients")
    void errorTimeoutIsTheClientsOwnReadTimeout(String client) throws Exception {
        jmx.enable(
                "{\"point\": \"http.client\", \"action\": \"error\", \"error\": \"timeout\", \"match\": {\"path\": \"^/payments$\"}}");
        Reply reply = get(client, "/payments", 5000);
        assertThat(reply.ok).as(reply.toString()).isFalse();
        assertThat(reply.detail).startsWith(TIMED_OUT.get(client));
        assertThat(reply.millis).isLessThan(1000L);
    }

    @ParameterizedTest
    @MethodSource("clients")
    void statusAnswersWithTheGivenResponseWithoutCallingTheServer(String client) throws Exception {
        jmx.enable(
                "{\"point\": \"http.client\", \"action\": \"status\", \"code\": 503, \"body\": \"busy\","
                        + " \"headers\": {\"Retry-After\": \"7\"}, \"match\": {\"path\": \"^/orders$\"}}");
        int before = server.requests("/orders");
        Reply reply = get(client, "/orders", 5000);
        assertThat(reply.ok).as(reply.toString()).isTrue();
        assertThat(reply.detail).startsWith("status=503 body=busy retry-after=7");
        assertThat(server.requests("/orders")).isEqualTo(before);
        assertThat(get(client, "/inventory", 5000).detail).startsWith("status=200 body=inventory");
    }

    @ParameterizedTest
    @MethodSource("clients")
    void hangEndsAtTheClientsOwnReadTimeout(String client) throws Exception {
        jmx.enable(
                "{\"point\": \"http.client\", \"action\": \"hang\", \"match\": {\"path\": \"^/orders$\"}}");
        Reply reply = get(client, "/orders", 1000);
        assertThat(reply.ok).as(reply.toString()).isFalse();
        assertThat(reply.detail).startsWith(TIMED_OUT.get(client));
        assertThat(reply.millis).isBetween(1000L, 4000L);
    }

    @Test
    void aHangWithoutTimeoutEndsWithTheFaultAndTheRequestGoesOut() throws Exception {
        String client = clients().get(0);
        jmx.enable(
                "{\"id\": \"black-hole\", \"point\": \"http.client\", \"action\": \"hang\", \"duration\": \"1500ms\", \"match\": {\"path\": \"^/refunds$\"}}");
        Reply reply = get(client, "/refunds", 60_000);
        assertThat(reply.detail).startsWith("status=200 body=refunds");
        assertThat(reply.millis).isBetween(1000L, 10_000L);
    }

    @Test
    void listNamesTheClientsFound() throws Exception {
        jmx.enable(
                "{\"id\": \"clients\", \"point\": \"http.client\", \"action\": \"delay\", \"delay\": \"1ms\", \"match\": {\"host\": \"^nowhere$\"}}");
        assertThat(jmx.list()).contains("\"instrumented\":true").contains(expectedClientsInList());
        // every client of the run is in a supported version: none is reported as left off
        assertThat(jmx.fault("clients").has("unsupported")).isFalse();
    }

    /** How {@code list()} names the clients this run has used. */
    abstract String expectedClientsInList();
}
