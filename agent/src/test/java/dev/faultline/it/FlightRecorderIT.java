// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's Flight Recorder events, read back from a recording of a JVM running the agent: {@code
 * dev.faultline.Injection} per injected call, {@code dev.faultline.FaultLifecycle} per enable,
 * disable and expiry. And a runtime without {@code jdk.jfr} runs the agent without them.
 */
class FlightRecorderIT {
    private static final String INJECTION = "dev.faultline.Injection";
    private static final String LIFECYCLE = "dev.faultline.FaultLifecycle";

    @Test
    void injectionsAndLifecycleChangesAreRecorded(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("faults.jfr");
        String thrownClass;
        try (ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(),
                                "-XX:StartFlightRecording=name=faults,settings=default",
                                ChildJvm.javaagent("log=off"));
                Jmx jmx = Jmx.connect(app.pid())) {
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            assertThat(app.send("connect h2 jdbc:h2:mem:jfr").ok).isTrue();
            assertThat(app.send("query h2 select 1 as untouched").ok).isTrue();

            assertThat(
                            jmx.enable(
                                    "{\"id\": \"slow\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"300ms\","
                                            + " \"match\": {\"sql\": \"slow_marker\"}}"))
                    .isEqualTo("slow");
            jcmd.agentLoad(
                    "enable,jdbc.execute,error,sqlState:40001,sql:broken_marker,id:broken,duration:3s");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok broken");

            Reply slow1 = app.send("query h2 select 1 as slow_marker");
            Reply slow2 = app.send("query h2 select 2 as slow_marker");
            Reply broken = app.send("query h2 select 1 as broken_marker");
            assertThat(app.send("query h2 select 1 as untouched").millis).isLessThan(300L);
            assertThat(slow1.ok && slow2.ok).isTrue();
            assertThat(slow1.millis).isGreaterThanOrEqualTo(300L);
            assertThat(broken.ok).isFalse();
            assertThat(broken.sqlState()).isEqualTo("40001");
            thrownClass = broken.exception();

            assertThat(jmx.disable("slow")).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((Integer) jmx.attribute("ActiveCount") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // "broken" expires after its 3 s
            }
            assertThat(jmx.attribute("ActiveCount")).isEqualTo(0);
            jcmd.run("JFR.dump", "name=faults", "filename=" + recording);
        }

        List<RecordedEvent> events =
                RecordingFile.readAllEvents(recording).stream()
                        .filter(
                                event ->
                                        event.getEventType().getName().startsWith("dev.faultline."))
                        .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
                        .collect(Collectors.toList());
        List<RecordedEvent> injections =
                events.stream()
                        .filter(e -> e.getEventType().getName().equals(INJECTION))
                        .collect(Collectors.toList());
        List<RecordedEvent> lifecycle =
                events.stream()
                        .filter(e -> e.getEventType().getName().equals(LIFECYCLE))
                        .collect(Collectors.toList());

        // One event per injected call, none for calls the faults did not act on.
        assertThat(injections).hasSize(3);
        for (RecordedEvent delayed : injections.subList(0, 2)) {
            assertThat(delayed.getString("point")).isEqualTo("jdbc.execute");
            assertThat(delayed.getString("faultId")).isEqualTo("slow");
            assertThat(delayed.getString("action")).isEqualTo("delay");
            assertThat(delayed.getDuration("delay")).isEqualTo(Duration.ofMillis(300));
            // The event lasts as long as the agent held the call: the delay, and not much more on a
            // loaded machine.
            assertThat(delayed.getDuration())
                    .isBetween(Duration.ofMillis(295), Duration.ofMillis(2000));
            assertThat(delayed.getString("errorClass")).isNull();
            assertThat(delayed.getThread().getJavaName()).isEqualTo("main");
            assertThat(delayed.getStackTrace()).isNotNull();
        }
        RecordedEvent error = injections.get(2);
        assertThat(error.getString("faultId")).isEqualTo("broken");
        assertThat(error.getString("action")).isEqualTo("error");
        assertThat(error.getString("errorClass")).isEqualTo(thrownClass);
        assertThat(error.getLong("delay")).isEqualTo(Long.MIN_VALUE); // no delay: shown as N/A
        assertThat(error.getThread().getJavaName()).isEqualTo("main");

        assertThat(lifecycle)
                .extracting(
                        e ->
                                e.getString("faultId")
                                        + " "
                                        + e.getString("state")
                                        + " via "
                                        + e.getString("via")
                                        + " matched "
                                        + e.getLong("matched")
                                        + " injected "
                                        + e.getLong("injected"))
                .containsExactly(
                        "slow enabled via jmx matched 0 injected 0",
                        "broken enabled via jcmd matched 0 injected 0",
                        "slow disabled via jmx matched 2 injected 2",
                        "broken expired via agent matched 1 injected 1");
        RecordedEvent enabledOverJcmd = lifecycle.get(1);
        assertThat(enabledOverJcmd.getString("point")).isEqualTo("jdbc.execute");
        assertThat(enabledOverJcmd.getString("action")).isEqualTo("error");
        assertThat(enabledOverJcmd.getString("user"))
                .isEqualTo(System.getProperty("user.name")); // the child runs as the same user
        assertThat(enabledOverJcmd.getString("description"))
                .isEqualTo("broken (jdbc.execute error sqlState=40001 sql=broken_marker for 3s)");
    }

    /**
     * A runtime without the jdk.jfr module (as a jlink'd image without it): faults work, and no
     * agent error.
     */
    @Test
    void aRuntimeWithoutFlightRecorderRunsTheAgent() throws Exception {
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        "--limit-modules",
                        "java.se,jdk.attach,jdk.management,jdk.unsupported",
                        ChildJvm.javaagent("log=stderr"))) {
            assertThat(app.send("modules").detail).doesNotContain("jdk.jfr");
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            jcmd.agentLoad("enable,jdbc.execute,error,sqlState:40001,sql:no_jfr_marker,id:no-jfr");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok no-jfr");
            assertThat(app.send("connect h2 jdbc:h2:mem:nojfr").ok).isTrue();
            Reply injected = app.send("query h2 select 1 as no_jfr_marker");
            assertThat(injected.ok).isFalse();
            assertThat(injected.sqlState()).isEqualTo("40001");
            jcmd.agentLoad("status");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok 1 active, 0 agent errors");
            assertThat(app.output()).doesNotContain("agent failure");
        }
    }
}
