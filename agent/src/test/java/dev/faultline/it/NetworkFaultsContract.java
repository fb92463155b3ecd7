// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code dns.resolve} and {@code net.connect} seen from the application: a child JVM started with
 * the agent and a start-up config, resolving names from its own hosts file (the JDK's {@code
 * jdk.net.hosts.file}, so no resolver outside the machine is asked) and connecting to a real HTTP
 * server and a real PostgreSQL on loopback. Run once per JDK by the subclasses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class NetworkFaultsContract extends NetworkApplicationTest {
    private LoopbackHttpServer server;

    /** Names of the application's world: all on loopback. */
    @Override
    String[] jvmOptions() throws Exception {
        Path hosts = Files.createTempFile("faultline-it-hosts", "");
        hosts.toFile().deleteOnExit();
        Files.write(
                hosts,
                "127.0.0.1 localhost orders.internal inventory.internal config.internal\n"
                        .getBytes(StandardCharsets.UTF_8));
        return new String[] {"-Djdk.net.hosts.file=" + hosts};
    }

    /**
     * A start-up config faulting name lookups, which the JVM's own start-up uses before the agent
     * runs.
     */
    @Override
    String agentOptions() throws Exception {
        Path config = Files.createTempFile("faultline-it-", ".yaml");
        config.toFile().deleteOnExit();
        Files.write(
                config,
                ("- point: dns.resolve\n"
                                + "  action: error\n"
                                + "  match: {host: '^config\\.internal$'}\n")
                        .getBytes(StandardCharsets.UTF_8));
        return "config=" + config;
    }

    @BeforeAll
    void startServer() throws Exception {
        server = new LoopbackHttpServer();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1) // before the first disable-all
    void aStartUpFaultActsOnJdkClassesLoadedBeforeTheAgent() throws Exception {
        Reply failed = app.send("resolve config.internal");
        assertThat(failed.ok).isFalse();
        assertThat(failed.detail)
                .isEqualTo(
                        "java.net.UnknownHostException - config.internal: Name or service not known");
        assertThat(app.send("resolve orders.internal").detail).isEqualTo("address=127.0.0.1");
    }

    @Test
    void dnsErrorFailsOnlyTheMatchedNamesAndNeverAddressLiterals() throws Exception {
        jmx.enable(
                "{\"point\": \"dns.resolve\", \"action\": \"error\", \"match\": {\"host\": \"^inventory\\\\.|^127\\\\.\"}}");
        assertThat(app.send("resolve inventory.internal").detail)
                .isEqualTo(
                        "java.net.UnknownHostException - inventory.internal: Name or service not known");
        assertThat(app.send("resolve orders.internal").detail).isEqualTo("address=127.0.0.1");
        assertThat(app.send("resolve 127.0.0.1").detail).isEqualTo("address=127.0.0.1");
        Reply http =
                app.send(
                        "http okhttp GET http://inventory.internal:"
                                + server.port()
                                + "/stock 5000");
        assertThat(http.detail).startsWith("java.net.UnknownHostException - inventory.internal");
    }

    @Test
    void dnsDelaySlowsTheLookup() throws Exception {
        jmx.enable(
                "{\"point\": \"dns.resolve\", \"action\": \"delay\", \"delay\": \"300ms\", \"match\": {\"host\": \"^orders\"}}");
        assertThat(app.send("resolve orders.internal").millis).isBetween(300L, 2000L);
        assertThat(app.send("resolve inventory.internal").millis).isLessThan(300L);
    }

    @Test
    void connectErrorRefusesOnePortForSocketsAndChannels() throws Exception {
        jmx.enable(
                "{\"point\": \"net.connect\", \"action\": \"error\", \"match\": {\"port\": \"^"
                        + server.port()
                        + "$\"}}");
        assertThat(app.send("connect 127.0.0.1 " + server.port() + " 2000").detail)
                .isEqualTo("java.net.ConnectException - Connection refused");
        assertThat(app.send("channel 127.0.0.1 " + server.port()).detail)
                .isEqualTo("java.net.ConnectException - Connection refused");
        assertThat(app.send("adaptor 127.0.0.1 " + server.port() + " 2000").detail)
                .isEqualTo("java.net.ConnectException - Connection refused");
        Reply http =
                app.send(
                        "http apache5 GET http://orders.internal:"
                                + server.port()
                                + "/orders 5000");
        assertThat(http.exception())
                .isEqualTo("org.apache.hc.client5.http.HttpHostConnectException");
        assertThat(app.send("jdbc " + postgresUrl(10)).detail).isEqualTo("selected=1");
    }

    @Test
    void connectDelaySlowsTheConnect() throws Exception {
        jmx.enable(
                "{\"point\": \"net.connect\", \"action\": \"delay\", \"delay\": \"300ms\", \"match\": {\"host\": \"^orders\\\\.\"}}");
        assertThat(app.send("connect orders.internal " + server.port() + " 2000").millis)
                .isBetween(300L, 2000L);
        assertThat(app.send("connect inventory.internal " + server.port() + " 2000").millis)
                .isLessThan(300L);
    }

    @Test
    void connectHangBlackHolesTheDatabaseUntilTheDriversConnectTimeoutWhileOtherPortsWork()
            throws Exception {
        String url = postgresUrl(2);
        String port = url.replaceAll(".*:(\\d+)/.*", "$1");
        jmx.enable(
                "{\"point\": \"net.connect\", \"action\": \"hang\", \"match\": {\"port\": \"^"
                        + port
                        + "$\"}}");
        Reply jdbc = app.send("jdbc " + url);
        assertThat(jdbc.ok).as(jdbc.toString()).isFalse();
        assertThat(jdbc.exception()).isEqualTo("org.postgresql.util.PSQLException");
        assertThat(jdbc.millis).isBetween(2000L, 6000L);
        assertThat(
                        app.send(
                                        "http okhttp GET http://orders.internal:"
                                                + server.port()
                                                + "/orders 5000")
                                .detail)
                .startsWith("status=200");
        assertThat(app.send("connect 127.0.0.1 " + port + " 500").detail)
                .isEqualTo("java.net.SocketTimeoutException - Connect timed out");
        Reply adaptor = app.send("adaptor 127.0.0.1 " + port + " 500");
        assertThat(adaptor.detail).isEqualTo("java.net.SocketTimeoutException - Connect timed out");
        assertThat(adaptor.millis).isBetween(500L, 2500L);
    }

    @Test
    void connectHangLeavesANonBlockingConnectPendingUntilTheClientsOwnConnectTimeout()
            throws Exception {
        String port = Integer.toString(server.port());
        jmx.enable(
                "{\"id\": \"partition\", \"point\": \"net.connect\", \"action\": \"hang\", \"match\": {\"port\": \"^"
                        + port
                        + "$\"}}");
        Reply pending = app.send("nio 127.0.0.1 " + port + " 1000");
        assertThat(pending.detail).isEqualTo("pending");
        assertThat(pending.millis).isBetween(1000L, 3000L);
        // the JDK HttpClient connects without blocking; its connectTimeout (2 s here) is what ends
        // the wait
        Reply http = app.send("http jdk GET http://orders.internal:" + port + "/orders 10000");
        assertThat(http.detail)
                .isEqualTo("java.net.http.HttpConnectTimeoutException - HTTP connect timed out");
        assertThat(http.millis).isBetween(2000L, 6000L);
        jmx.disable("partition");
        assertThat(app.send("nio 127.0.0.1 " + port + " 1000").detail).isEqualTo("connected");
    }

    /** The JDK classes are in use before the agent arrives: attaching retransforms them. */
    @Test
    void faultsApplyAfterAttachingToARunningApplication() throws Exception {
        try (ChildJvm running =
                ChildJvm.start(
                        jdk(),
                        classpath(),
                        mainClass(),
                        java.util.Collections.emptyMap(),
                        jvmOptions())) {
            String orders = "http://orders.internal:" + server.port() + "/orders";
            assertThat(running.send("http jdk GET " + orders + " 5000").detail)
                    .startsWith("status=200");
            assertThat(running.send("http urlconnection GET " + orders + " 5000").detail)
                    .startsWith("status=200");
            assertThat(running.send("resolve inventory.internal").detail)
                    .isEqualTo("address=127.0.0.1");
            assertThat(running.send("connect 127.0.0.1 " + server.port() + " 1000").detail)
                    .isEqualTo("connected");

            Jcmd jcmd = new Jcmd(jdk(), running.pid());
            jcmd.agentLoad(
                    "\"enable http.client status code:503 body:busy path:^/orders$ id:orders-down\"");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok orders-down");
            jcmd.agentLoad("enable,dns.resolve,error,host:^inventory,id:lost-discovery");
            jcmd.agentLoad("enable,net.connect,error,port:^" + server.port() + "$,id:partition");

            assertThat(running.send("http jdk GET " + orders + " 5000").detail)
                    .startsWith("status=503 body=busy");
            assertThat(running.send("http urlconnection GET " + orders + " 5000").detail)
                    .startsWith("status=503 body=busy");
            assertThat(running.send("resolve inventory.internal").detail)
                    .startsWith("java.net.UnknownHostException");
            assertThat(running.send("connect 127.0.0.1 " + server.port() + " 1000").detail)
                    .isEqualTo("java.net.ConnectException - Connection refused");
        }
    }

    private static String postgresUrl(int connectTimeoutSeconds) {
        return Postgres.url()
                + "?user="
                + Postgres.user()
                + "&password="
                + Postgres.password()
                + "&connectTimeout="
                + connectTimeoutSeconds;
    }
}
