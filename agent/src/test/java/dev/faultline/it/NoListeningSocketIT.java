// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent opens no listening socket: each test application is started without it, its TCP
 * listeners are read from /proc before the agent is attached with jcmd, after, and over and over
 * while each point and action acts on a call (for the whole of a delay or a hang). The one
 * exception is the black hole of a non-blocking {@code net.connect hang}: on loopback only, open
 * while that fault is, closed after.
 *
 * <p>The faults are switched over JMX, through the JVM's own local connector, which the test starts
 * after the "after attach" check: its RMI listener is the JVM's, not the agent's, and is the
 * baseline every later reading is compared with.
 */
class NoListeningSocketIT {

    /** A fault, the calls it acts on, and how its listing shows that it acted. */
    private static final class Case {
        final String spec;
        final List<String> commands;
        final Predicate<JsonNode> acted;

        Case(String spec, String... commands) {
            this(spec, fault -> fault.path("injected").asLong() > 0, commands);
        }

        Case(String spec, Predicate<JsonNode> acted, String... commands) {
            this.spec = spec;
            this.commands = Arrays.asList(commands);
            this.acted = acted;
        }

        @Override
        public String toString() {
            return spec + " on " + commands;
        }
    }

    /** A fault that acts by itself, whose listing has {@code field} above zero once it has. */
    private static Predicate<JsonNode> positive(String field) {
        return fault -> fault.path(field).asLong() > 0;
    }

    @BeforeAll
    static void onlyWhereProcShowsSockets() {
        assumeTrue(ListeningSockets.supported(), "no /proc to read sockets from");
    }

    @Test
    void jdbcMemoryAndMethodPoints() throws Exception {
        String pg = Postgres.url();
        String pgPort = pg.replaceAll(".*:(\\d+)/.*", "$1");
        try (ChildJvm app = ChildJvm.start(Jdk.current())) {
            for (String setup :
                    Arrays.asList(
                            "connect h2 jdbc:h2:mem:ports;DB_CLOSE_DELAY=-1",
                            "update h2 create table t(id int)",
                            "hikari h2pool jdbc:h2:mem:pooled sa",
                            "hikari pgpool "
                                    + pg
                                    + " "
                                    + Postgres.user()
                                    + " "
                                    + Postgres.password(),
                            "borrow pgpool",
                            "timeout 1",
                            "stock abc")) {
                expectOk(app, setup);
            }
            checkEveryCase(
                    app,
                    Arrays.asList(
                            new Case(
                                    "{'point': 'jdbc.connect', 'action': 'delay', 'delay': '300ms'}",
                                    "connect c1 jdbc:h2:mem:other"),
                            new Case(
                                    "{'point': 'jdbc.connect', 'action': 'error'}",
                                    "connect c2 jdbc:h2:mem:other"),
                            new Case(
                                    "{'point': 'jdbc.execute', 'action': 'delay', 'delay': '300ms'}",
                                    "query h2 select 1"),
                            new Case(
                                    "{'point': 'jdbc.execute', 'action': 'error'}",
                                    "query h2 select 1"),
                            new Case(
                                    "{'point': 'jdbc.execute', 'action': 'hang'}",
                                    "query h2 select 1"), // until the 1 s query timeout
                            new Case(
                                    "{'point': 'jdbc.commit', 'action': 'delay', 'delay': '300ms'}",
                                    "commit h2 insert into t values (1)"),
                            new Case(
                                    "{'point': 'jdbc.commit', 'action': 'error'}",
                                    "commit h2 insert into t values (2)"),
                            new Case(
                                    "{'point': 'jdbc.pool', 'action': 'exhaust', 'match': {'pool': 'h2pool'}}", // found at a borrow; then the 2 s pool timeout
                                    fault -> fault.path("state").asText().startsWith("holding"),
                                    "borrow h2pool",
                                    "borrow h2pool"),
                            new Case(
                                    "{'point': 'jdbc.server', 'action': 'exhaust', 'max': 3, 'match': {'url': ':"
                                            + pgPort
                                            + "/'}}",
                                    positive("open"),
                                    "borrow pgpool"),
                            new Case(
                                    "{'point': 'memory', 'action': 'leak', 'rate': '50MB/s', 'cap': '32MB'}",
                                    positive("retainedBytes"),
                                    "heap"),
                            new Case(
                                    "{'point': 'memory', 'action': 'fill', 'heap': 0.3}",
                                    positive("retainedBytes"),
                                    "heap"),
                            new Case(
                                    "{'point': 'method', 'action': 'delay', 'delay': '300ms', 'match': {'class': 'Inventory$', 'method': '^stock$'}}",
                                    "stock abc"),
                            new Case(
                                    "{'point': 'method', 'action': 'error', 'error': 'java.io.IOException', 'match': {'class': 'Inventory$', 'method': '^reserve$'}}",
                                    "reserve abc"),
                            new Case(
                                    "{'point': 'method', 'action': 'return', 'value': 3, 'match': {'class': 'Inventory$', 'method': '^stock$'}}",
                                    "stock abc"),
                            new Case(
                                    "{'point': 'method', 'action': 'leak', 'bytes': '1MB', 'match': {'class': 'Inventory$', 'method': '^stock$'}}",
                                    "stock abc")),
                    false);
        }
    }

    @Test
    void networkPoints() throws Exception {
        Path hosts = Files.createTempFile("faultline-it-hosts", "");
        hosts.toFile().deleteOnExit();
        Files.write(
                hosts, "127.0.0.1 localhost orders.internal\n".getBytes(StandardCharsets.UTF_8));
        try (LoopbackHttpServer server = new LoopbackHttpServer();
                ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(),
                                System.getProperty("faultline.it.http.classpath"),
                                "dev.faultline.it.app.NetworkWorkload",
                                Collections.emptyMap(),
                                "-Djdk.net.hosts.file=" + hosts)) {
            String orders = "http://orders.internal:" + server.port() + "/orders";
            String port = Integer.toString(server.port());
            expectOk(app, "http jdk GET " + orders + " 5000");
            checkEveryCase(
                    app,
                    Arrays.asList(
                            new Case(
                                    "{'point': 'http.client', 'action': 'delay', 'delay': '300ms'}",
                                    "http jdk GET " + orders + " 5000"),
                            new Case(
                                    "{'point': 'http.client', 'action': 'error'}",
                                    "http jdk GET " + orders + " 5000"),
                            new Case(
                                    "{'point': 'http.client', 'action': 'status', 'code': 503}",
                                    "http urlconnection GET " + orders + " 5000"),
                            new Case(
                                    "{'point': 'http.client', 'action': 'hang'}",
                                    "http okhttp GET " + orders + " 1000"),
                            new Case(
                                    "{'point': 'dns.resolve', 'action': 'delay', 'delay': '300ms'}",
                                    "resolve orders.internal"),
                            new Case(
                                    "{'point': 'dns.resolve', 'action': 'error'}",
                                    "resolve orders.internal"),
                            new Case(
                                    "{'point': 'net.connect', 'action': 'delay', 'delay': '300ms'}",
                                    "connect 127.0.0.1 " + port + " 2000"),
                            new Case(
                                    "{'point': 'net.connect', 'action': 'error'}",
                                    "connect 127.0.0.1 " + port + " 2000"),
                            new Case(
                                    "{'point': 'net.connect', 'action': 'hang'}",
                                    "connect 127.0.0.1 " + port + " 1000")),
                    false);
            // The one listener the agent may open: a non-blocking connect sent to the black hole.
            checkEveryCase(
                    app,
                    Collections.singletonList(
                            new Case(
                                    "{'point': 'net.connect', 'action': 'hang', 'match': {'port': '^"
                                            + port
                                            + "$'}}",
                                    "nio 127.0.0.1 " + port + " 1000")),
                    true);
        }
    }

    @Test
    void kafkaPoints() throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        System.getProperty("faultline.it.kafka4.classpath"),
                        "dev.faultline.it.app.KafkaWorkload",
                        Collections.emptyMap())) {
            expectOk(app, "producer p " + bootstrap + " 3000");
            expectOk(app, "send p ports-topic before");
            expectOk(app, "consumer c " + bootstrap + " ports-topic ports-group");
            checkEveryCase(
                    app,
                    Arrays.asList(
                            new Case(
                                    "{'point': 'kafka.send', 'action': 'delay', 'delay': '300ms'}",
                                    "send p ports-topic delayed"),
                            new Case(
                                    "{'point': 'kafka.send', 'action': 'error'}",
                                    "send p ports-topic failed"),
                            new Case(
                                    "{'point': 'kafka.send', 'action': 'hang'}",
                                    "send p ports-topic partitioned"), // the 3 s delivery timeout
                            new Case(
                                    "{'point': 'kafka.send', 'action': 'drop'}",
                                    "send p ports-topic dropped"),
                            new Case(
                                    "{'point': 'kafka.send', 'action': 'duplicate'}",
                                    "send p ports-topic twice"),
                            new Case(
                                    "{'point': 'kafka.poll', 'action': 'delay', 'delay': '300ms'}",
                                    "poll c 100"),
                            new Case("{'point': 'kafka.poll', 'action': 'error'}", "poll c 100")),
                    false);
        }
    }

    /**
     * Attaches the agent, then enables each case's fault alone and reads the listeners while its
     * call runs and once it has returned; then disables it and reads again.
     *
     * @param blackHole whether the case's call may go to the black hole, which must then be on
     *     loopback and gone once the fault has ended
     */
    private static void checkEveryCase(ChildJvm app, List<Case> cases, boolean blackHole)
            throws Exception {
        Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
        if (jcmd.property("faultline.version") == null) {
            assertThat(ListeningSockets.addresses(app.pid())).as("before attach").isEmpty();
            jcmd.agentLoad("status");
            assertThat(jcmd.property("faultline.last")).startsWith("ok ");
            assertThat(ListeningSockets.addresses(app.pid())).as("after attach").isEmpty();
        }
        try (Jmx jmx = Jmx.connect(app.pid())) {
            Set<InetSocketAddress> jvmOwn = new HashSet<>(ListeningSockets.addresses(app.pid()));
            for (Case c : cases) {
                jmx.enable(c.spec.replace('\'', '"'));
                List<InetSocketAddress> extra = new ArrayList<>();
                CompletableFuture<List<Reply>> calls =
                        CompletableFuture.supplyAsync(
                                () -> {
                                    List<Reply> replies = new ArrayList<>();
                                    try {
                                        for (String command : c.commands) {
                                            replies.add(app.send(command));
                                        }
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                    return replies;
                                });
                int readings = 0;
                long started = System.nanoTime();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                JsonNode listed;
                // Read while the calls run, and on until the fault shows it acted (faults on
                // resources act beside the calls).
                do {
                    addNew(extra, ListeningSockets.addresses(app.pid()), jvmOwn);
                    readings++;
                    listed = waitFor(calls, 20) ? new ObjectMapper().readTree(jmx.list()) : null;
                    if (listed != null && !c.acted.test(listed.path(0))) {
                        Thread.sleep(50);
                    }
                } while ((listed == null || !c.acted.test(listed.path(0)))
                        && System.nanoTime() < deadline);
                addNew(extra, ListeningSockets.addresses(app.pid()), jvmOwn);
                List<Reply> replies =
                        calls.get(
                                30,
                                TimeUnit.SECONDS); // a call that never returns fails here, named
                if (listed == null) {
                    listed =
                            new ObjectMapper()
                                    .readTree(jmx.list()); // the calls outlasted the readings
                }
                // the figures of this check, for docs/reliability.md
                System.out.printf(
                        "listeners: %s: %d readings over %d ms, listeners beyond the JVM's own: %s%n",
                        c,
                        readings,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                        extra);
                assertThat(listed).as(c.toString()).hasSize(1);
                assertThat(c.acted.test(listed.get(0))).as("%s acted: %s", c, listed).isTrue();
                if (blackHole) {
                    assertThat(replies.get(0).detail).as(c.toString()).isEqualTo("pending");
                    assertThat(extra).as("%s: the black hole", c).hasSize(1);
                    assertThat(extra.get(0).getAddress().isLoopbackAddress())
                            .as("%s: %s is on loopback", c, extra.get(0))
                            .isTrue();
                } else {
                    assertThat(extra).as("%s (%s), %d readings", c, replies, readings).isEmpty();
                }
                jmx.disableAll();
                assertThat(new HashSet<>(ListeningSockets.addresses(app.pid())))
                        .as("%s: after the fault", c)
                        .isEqualTo(jvmOwn);
            }
        }
    }

    private static void addNew(
            List<InetSocketAddress> extra,
            List<InetSocketAddress> listening,
            Set<InetSocketAddress> jvmOwn) {
        for (InetSocketAddress address : listening) {
            if (!jvmOwn.contains(address) && !extra.contains(address)) {
                extra.add(address);
            }
        }
    }

    private static boolean waitFor(CompletableFuture<?> call, long millis)
            throws InterruptedException {
        try {
            call.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            return false;
        } catch (java.util.concurrent.ExecutionException failed) {
            return true;
        }
    }

    private static void expectOk(ChildJvm app, String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
    }
}
