// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application on OkHttp 3.14.9, a version the agent does not support: its classes are left as
 * they are, the application runs unharmed, and {@code list()} (over JMX and as jcmd's {@code
 * faultline.status}) says why {@code http.client} stays off for it, while the point still acts on
 * the JDK's client in the same JVM.
 */
class UnsupportedLibraryIT extends NetworkApplicationTest {
    private static final String REASON =
            "OkHttp 3.14.9 not supported (supported: 4.4 to 5.x);"
                    + " okhttp3.internal.connection.RealCall missing";

    private final ObjectMapper json = new ObjectMapper();
    private LoopbackHttpServer server;

    @Override
    String classpath() {
        return System.getProperty("faultline.it.okhttp3.classpath");
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

    private Reply get(String client, String path) throws Exception {
        return app.send(
                "http " + client + " GET http://127.0.0.1:" + server.port() + path + " 5000");
    }

    @Test
    void thePointStaysOffForOkHttp3AndListSaysWhyWhileTheApplicationRunsUnharmed()
            throws Exception {
        jmx.enable(
                "{\"id\": \"refuse-payments\", \"point\": \"http.client\", \"action\": \"error\","
                        + " \"match\": {\"path\": \"^/payments$\"}}");
        // OkHttp 3 goes on as if no agent were there: the request reaches the server, blocking
        // and asynchronous alike
        for (String client : new String[] {"okhttp", "okhttp-async"}) {
            int before = server.requests("/payments");
            Reply reply = get(client, "/payments");
            assertThat(reply.ok).as(reply.toString()).isTrue();
            assertThat(reply.detail).startsWith("status=200 body=payments");
            assertThat(server.requests("/payments")).isEqualTo(before + 1);
        }
        // the fault is live: the JDK's client in the same JVM meets it
        Reply jdk = get("jdk", "/payments");
        assertThat(jdk.ok).as(jdk.toString()).isFalse();
        assertThat(jdk.exception()).isEqualTo("java.net.ConnectException");

        JsonNode fault = jmx.fault("refuse-payments");
        assertThat(fault.get("unsupported")).isEqualTo(json.readTree("[\"" + REASON + "\"]"));
        assertThat(fault.get("instrumented").asBoolean()).isTrue();
        assertThat(fault.get("clients")).isEqualTo(json.readTree("[\"java.net.http.HttpClient\"]"));
        assertThat(((Number) jmx.attribute("AgentErrors")).longValue()).isZero();

        // jcmd's status carries the same list
        Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
        jcmd.agentLoad("status");
        JsonNode status = json.readTree(jcmd.property("faultline.status"));
        assertThat(status).hasSize(1);
        assertThat(status.get(0).get("unsupported")).isEqualTo(fault.get("unsupported"));

        // and the agent's log said it once, when OkHttp 3 loaded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String line = "http.client: " + REASON + "; it stays off for that library";
        while (!app.output().contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(app.output().split(java.util.regex.Pattern.quote(line), -1)).hasSize(2);
    }
}
