// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detaching the agent while calls are held by its faults (a statement hung, requests delayed and
 * hung, Kafka sends held by a partition, a pool exhausted): every held call is let go at once and
 * completes as it would have without the fault, and every class the agent instrumented runs its
 * original bytecode again.
 */
abstract class DetachUnderLoadContract {
    /** The classes the agent instruments here come from these packages (the JDK's included). */
    private static final String PACKAGES =
            "org.postgresql.,com.zaxxer.hikari.,org.apache.kafka.clients.,sun.net.www.protocol.http.,java.net.,sun.nio.ch.";

    private static final int HELD_CALLS = 3 + 3 + 2 + 3 + 3;

    abstract Jdk jdk();

    @Test
    void detachReleasesEveryHeldCallAndRestoresEveryClass(@TempDir Path dir) throws Exception {
        Path probe = DynamicAttachContract.probeJar(dir);
        String classpath =
                ChildJvm.CLASSPATH
                        + File.pathSeparator
                        + System.getProperty("faultline.it.kafka4.classpath");
        String bootstrap = KafkaBroker.bootstrap();
        try (LoopbackHttpServer http = new LoopbackHttpServer();
                ChildJvm app =
                        ChildJvm.start(
                                jdk(),
                                classpath,
                                "dev.faultline.it.app.StormWorkload",
                                Collections.emptyMap(),
                                "-javaagent:" + probe)) {
            Jcmd jcmd = new Jcmd(jdk(), app.pid());
            expectOk(
                    app,
                    "setup "
                            + Postgres.url()
                            + " "
                            + Postgres.user()
                            + " "
                            + Postgres.password()
                            + " http://127.0.0.1:"
                            + http.port()
                            + " "
                            + bootstrap
                            + " detach");
            // Every kind of call once without the agent, so that their classes are loaded, then
            // kept as they are.
            expectOk(app, "block jdbc 1");
            expectOk(app, "block borrow 1");
            expectOk(app, "block http 1");
            expectOk(app, "block hung 1");
            expectOk(app, "block kafka 1");
            awaitRunning(app, 0, 60);
            assertThat(expectOk(app, "blocked").detail).doesNotContain(":error:");
            int kept =
                    Integer.parseInt(
                            expectOk(app, "snapshot " + PACKAGES).detail.replace("kept=", ""));

            // The agent comes in with jcmd, and its faults hold every kind of call.
            jcmd.agentLoad("\"enable jdbc.execute hang sql:storm_hang duration:5m id:db-hang\"");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok db-hang");
            jcmd.run(
                    "JVMTI.agent_load",
                    probe.toString()); // the probe again, after the agent: it sees the agent's
            // bytecode
            try (Jmx jmx = Jmx.connect(app.pid())) {
                jmx.enable(
                        "{\"id\": \"slow-http\", \"point\": \"http.client\", \"action\": \"delay\", \"delay\": \"2m\", \"match\": {\"path\": \"^/blocked/\"}}");
                jmx.enable(
                        "{\"id\": \"silent-http\", \"point\": \"http.client\", \"action\": \"hang\", \"match\": {\"path\": \"^/hung/\"}}");
                jmx.enable(
                        "{\"id\": \"partition\", \"point\": \"kafka.send\", \"action\": \"hang\", \"match\": {\"topic\": \"^blocked$\"}}");
                jmx.enable(
                        "{\"id\": \"pool-held\", \"point\": \"jdbc.pool\", \"action\": \"exhaust\", \"match\": {\"pool\": \"pool-storm\"}}");
                expectOk(app, "borrow"); // the pool is found as the application borrows from it
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!jmx.list().contains("holding 8 connection(s) of pool-storm")
                        && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                assertThat(jmx.list()).contains("holding 8 connection(s) of pool-storm");
                assertThat(((Number) jmx.attribute("AgentErrors")).longValue()).isZero();
            }
            String instrumented = expectOk(app, "instrumented").detail;
            List<String> classes = Arrays.asList(instrumented.split(","));
            assertThat(classes)
                    .contains(
                            "org.postgresql.jdbc.PgPreparedStatement",
                            "com.zaxxer.hikari.HikariDataSource",
                            "org.apache.kafka.clients.producer.KafkaProducer",
                            "sun.net.www.protocol.http.HttpURLConnection");

            expectOk(app, "block jdbc 3");
            expectOk(app, "block http 3");
            expectOk(app, "block hung 2");
            expectOk(app, "block kafka 3");
            expectOk(app, "block borrow 3");
            // Held: a second later, not one of them has come back.
            Thread.sleep(1_500);
            String before = expectOk(app, "blocked").detail;
            assertThat(before)
                    .startsWith(
                            "running="
                                    + HELD_CALLS); // the Kafka sends returned; their callers wait
            // on the Futures
            assertThat(before.split(" ")).hasSize(1 + 5);

            long detachStart = System.currentTimeMillis();
            jcmd.agentLoad("detach");
            long detachEnd = System.currentTimeMillis();
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok detached");
            String after = awaitRunning(app, 0, 30);
            List<String> outcomes = new ArrayList<>(Arrays.asList(after.split(" ")));
            outcomes.remove(0);
            outcomes = outcomes.subList(5, outcomes.size());
            assertThat(outcomes).hasSize(HELD_CALLS);
            long latest = 0;
            for (String outcome : outcomes) {
                assertThat(outcome).as("a held call after the detach").contains(":ok:");
                latest = Math.max(latest, Long.parseLong(outcome.replaceAll(".*:at=", "")));
            }
            System.out.printf(
                    "detach under load on %s: %d held calls released, the last %d ms after the detach began"
                            + " (jcmd detach took %d ms); of %d classes kept before the attach, %d were instrumented, each compared after: %s%n",
                    jdk(),
                    outcomes.size(),
                    latest - detachStart,
                    detachEnd - detachStart,
                    kept,
                    classes.size(),
                    classes);
            assertThat(latest - detachEnd)
                    .as("the last held call, ms after jcmd returned")
                    .isLessThan(5_000);

            // Every instrumented class runs its original bytecode again, and the agent left no
            // thread.
            for (String name : classes) {
                assertThat(MethodBodies.of(expectOk(app, "bytes " + name).detail))
                        .as(name)
                        .isEqualTo(MethodBodies.of(expectOk(app, "original " + name).detail));
            }
            assertThat(jcmd.run("Thread.print"))
                    .doesNotContain("\"faultline")
                    .doesNotContain("| faultline\"");
            expectOk(app, "start 4 3");
            Thread.sleep(3_000);
            // After the detach the application runs on unfaulted: every library called, nothing
            // injected, nothing unexpected.
            JsonNode afterDetach = new ObjectMapper().readTree(expectOk(app, "finish").detail);
            assertThat(afterDetach.get("unexpected").asLong())
                    .as("exceptions after the detach: %s", afterDetach.get("examples"))
                    .isZero();
            assertThat(afterDetach.get("injected").size())
                    .as("injections after the detach")
                    .isZero();
            assertThat(afterDetach.get("calls").size())
                    .as("libraries called after the detach")
                    .isEqualTo(3);
            afterDetach
                    .get("calls")
                    .fields()
                    .forEachRemaining(
                            calls ->
                                    assertThat(calls.getValue().asLong())
                                            .as("%s calls", calls.getKey())
                                            .isPositive());
        }
    }

    /** Waits for the held calls to come back; returns the last {@code blocked} answer. */
    private static String awaitRunning(ChildJvm app, int running, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String state = expectOk(app, "blocked").detail;
        while (!state.startsWith("running=" + running + " ")
                && !state.equals("running=" + running)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = expectOk(app, "blocked").detail;
        }
        assertThat(state).startsWith("running=" + running);
        return state;
    }

    private static Reply expectOk(ChildJvm app, String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
