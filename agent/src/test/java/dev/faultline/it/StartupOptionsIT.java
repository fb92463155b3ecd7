// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up options ({@code allow=}, {@code max-duration=}, {@code log=}, {@code FAULTLINE_OPTS})
 * and their errors.
 */
class StartupOptionsIT {

    @Test
    void allowAndMaxDurationBindJcmdAndCannotBeChangedLater(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("faultline.log");
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        Collections.singletonMap("FAULTLINE_OPTS", "max-duration=10m,log=stderr"),
                        ChildJvm.javaagent("allow=jdbc.execute,log=" + log))) {
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            jcmd.agentLoad("enable,jdbc.commit,error");
            assertThat(jcmd.property("faultline.last"))
                    .isEqualTo(
                            "error: field 'point': 'jdbc.commit' is not allowed by this agent's allow= option (allowed: jdbc.execute)");
            jcmd.agentLoad("enable,jdbc.execute,error,duration:1h");
            assertThat(jcmd.property("faultline.last"))
                    .isEqualTo(
                            "error: field 'duration': 1h exceeds this agent's max-duration of 10m");
            jcmd.agentLoad("enable,jdbc.execute,error,id:allowed");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok allowed");
            assertThat(jcmd.property("faultline.status")).contains("\"duration\":\"5m\"");

            // jcmd after -javaagent reaches the same agent; start-up options cannot be changed
            // later.
            jcmd.agentLoad("\"max-duration=2h\"");
            assertThat(jcmd.property("faultline.last"))
                    .startsWith("error: the agent (version ")
                    .contains("is already running");

            String logged = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            assertThat(logged)
                    .contains("agent ")
                    .contains(" installed")
                    .contains("enabled allowed (jdbc.execute error for 5m)");
            assertThat(logged.split(" installed;", -1)).hasSize(2);
            assertThat(app.output()).doesNotContain("[faultline]");
        }
    }

    @Test
    void allowBindsJmxWithTheSameMessageAndChangesNothing() throws Exception {
        try (ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(), ChildJvm.javaagent("allow=jdbc.execute,log=off"));
                Jmx jmx = Jmx.connect(app.pid())) {
            assertThatThrownBy(
                            () -> jmx.enable("{\"point\": \"jdbc.commit\", \"action\": \"error\"}"))
                    .isInstanceOf(RuntimeMBeanException.class)
                    .cause()
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "field 'point': 'jdbc.commit' is not allowed by this agent's allow= option (allowed: jdbc.execute)");
            // a list with one refused spec is refused whole
            assertThatThrownBy(
                            () ->
                                    jmx.enable(
                                            "[{\"id\": \"fine\", \"point\": \"jdbc.execute\", \"action\": \"error\"},"
                                                    + " {\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"1MB/s\"}]"))
                    .cause()
                    .hasMessage(
                            "fault #2: field 'point': 'memory' is not allowed by this agent's allow= option (allowed: jdbc.execute)");
            assertThat(jmx.list()).isEqualTo("[]");
            assertThat(jmx.attribute("ActiveCount")).isEqualTo(0);
            assertThat(new Jcmd(Jdk.current(), app.pid()).property("faultline.allow"))
                    .isEqualTo("jdbc.execute");
            assertThat(
                            jmx.enable(
                                    "{\"id\": \"allowed\", \"point\": \"jdbc.execute\", \"action\": \"error\"}"))
                    .isEqualTo("allowed");
        }
    }

    @Test
    void allowBindsTheStartUpConfigFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("faults.yaml");
        Files.write(
                config,
                ("- id: reads\n  point: jdbc.execute\n  action: error\n"
                                + "- id: commits\n  point: jdbc.commit\n  action: error\n")
                        .getBytes(StandardCharsets.UTF_8));
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        ChildJvm.javaagent("config=" + config + ",allow=jdbc.execute"))) {
            assertThat(app.send("connect h2 jdbc:h2:mem:allow").ok).isTrue();
            assertThat(app.send("query h2 select 1").detail).isEqualTo("rows 1");
            assertThat(app.output())
                    .contains(
                            "error: "
                                    + config
                                    + ": fault #2: field 'point': 'jdbc.commit' is not allowed by this agent's allow= option (allowed: jdbc.execute)");
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            jcmd.agentLoad("status");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok 0 active, 0 agent errors");
        }
    }

    @Test
    void kafkaFaultsFromAConfigFileApplyFromTheFirstSend(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("faults.yaml");
        Files.write(
                config,
                "point: kafka.send\naction: drop\nmatch:\n  topic: ^startup-lost$\n"
                        .getBytes(StandardCharsets.UTF_8));
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        System.getProperty("faultline.it.kafka4.classpath"),
                        "dev.faultline.it.app.KafkaWorkload",
                        Collections.emptyMap(),
                        ChildJvm.javaagent("config=" + config))) {
            assertThat(app.send("producer p " + KafkaBroker.bootstrap() + " 30000").ok).isTrue();
            assertThat(app.send("send p startup-lost lost-1").detail)
                    .startsWith("future=offset:-1 ");
            assertThat(app.send("send p startup-kept kept-1").detail).doesNotContain("offset:-1");
            assertThat(KafkaBroker.count("startup-lost", "lost-1")).isZero();
            assertThat(KafkaBroker.count("startup-kept", "kept-1")).isEqualTo(1);
        }
    }

    @Test
    void aBadOptionLeavesTheApplicationRunningWithoutTheAgent() throws Exception {
        try (ChildJvm app =
                ChildJvm.start(Jdk.current(), ChildJvm.javaagent("confg=faults.yaml"))) {
            assertThat(app.send("connect h2 jdbc:h2:mem:bad").ok).isTrue();
            assertThat(app.send("query h2 select 1").ok).isTrue();
            assertThat(app.output())
                    .contains(
                            "[faultline] the agent could not start: dev.faultline.core.SpecException:"
                                    + " agent options: unknown option 'confg'; expected key=value with keys config, allow, max-duration, log, log-format, instrument");
        }
    }

    @Test
    void aBadConfigFileEnablesNothingButLeavesTheAgentControllable(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("faults.json");
        Files.write(
                config,
                "[{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"1s\"}, {\"point\": \"jdbc.execute\", \"action\": \"fail\"}]"
                        .getBytes(StandardCharsets.UTF_8));
        try (ChildJvm app = ChildJvm.start(Jdk.current(), ChildJvm.javaagent("config=" + config))) {
            assertThat(app.send("connect h2 jdbc:h2:mem:config").ok).isTrue();
            assertThat(app.send("query h2 select 1").millis).isLessThan(1000L);
            assertThat(app.output())
                    .contains(
                            "error: "
                                    + config
                                    + ": fault #2: field 'action': unknown action 'fail' for jdbc.execute");
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            jcmd.agentLoad("status");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok 0 active, 0 agent errors");
        }
    }

    @Test
    void onDemandTheFirstFaultInstrumentsBeforeItIsEnabledAndActsAtOnce() throws Exception {
        try (ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(),
                                "-Dfaultline.debug.startup=true",
                                ChildJvm.javaagent("instrument=on-demand,log=off"));
                Jmx jmx = Jmx.connect(app.pid())) {
            assertThat(app.send("connect h2 jdbc:h2:mem:demand").ok).isTrue();
            assertThat(app.send("query h2 select 1").detail).isEqualTo("rows 1");
            // the agent's start is over (an agent instrumenting at start prints it before this
            // line), and nothing instrumented
            assertThat(app.awaitOutput("start-up: MBeans registered")).doesNotContain(INSTRUMENTED);

            jmx.enable(
                    "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\", \"match\": {\"sql\": \"select 2\"}}");

            // H2's classes, loaded before, were retransformed by the enable itself
            assertThat(app.send("query h2 select 2").sqlState()).isEqualTo("40001");
            app.awaitOutput(INSTRUMENTED);
            assertThat(app.send("query h2 select 1").detail).isEqualTo("rows 1");
            // by the thread that enabled the fault, not by the agent's own after the start
            assertThat(linesWith(app.output(), INSTRUMENTED))
                    .singleElement()
                    .asString()
                    .doesNotContain("(faultline-init)");
        }
    }

    @Test
    void anIdleAgentCreatesNoJmxServerDuringTheStartButJoinsOneThatRuns() throws Exception {
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        "-Dfaultline.debug.startup=true",
                        ChildJvm.javaagent("log=off"))) {
            String output = app.awaitOutput("start-up: MBeans registered");
            // nobody started JMX: the agent registered only after the start had settled
            assertThat(output.indexOf("start-up: application start settled"))
                    .isNotNegative()
                    .isLessThan(output.indexOf("start-up: MBeans registered"));
        }
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        "-Dfaultline.debug.startup=true",
                        "-Dcom.sun.management.jmxremote.port=0",
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false",
                        ChildJvm.javaagent("log=off"))) {
            // the JVM's JMX connector runs from its start: the agent registers at its first look
            String output = app.awaitOutput("start-up: application start settled");
            assertThat(output.indexOf("start-up: MBeans registered"))
                    .isNotNegative()
                    .isLessThan(output.indexOf("start-up: application start settled"));
        }
    }

    private static List<String> linesWith(String output, String text) {
        return output.lines().filter(line -> line.contains(text)).collect(Collectors.toList());
    }

    @Test
    void aBadInstrumentOptionNamesTheFieldAndTheChoices() throws Exception {
        try (ChildJvm app =
                ChildJvm.start(Jdk.current(), ChildJvm.javaagent("instrument=sometimes"))) {
            assertThat(app.send("connect h2 jdbc:h2:mem:bad").ok).isTrue();
            assertThat(app.awaitOutput("the agent could not start"))
                    .contains(
                            "[faultline] the agent could not start: dev.faultline.core.SpecException:"
                                    + " field 'instrument': 'sometimes' is not a time to instrument; expected after-start, at-start or on-demand (e.g. instrument=at-start)");
        }
    }

    @Test
    void atStartTheAgentInstrumentsBeforeMain() throws Exception {
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        "-Dfaultline.debug.startup=true",
                        ChildJvm.javaagent("instrument=at-start,log=off"))) {
            assertThat(app.send("connect h2 jdbc:h2:mem:early").ok).isTrue();
            String output = app.awaitOutput("agent returned to the JVM");
            assertThat(output).contains(INSTRUMENTED + " at ");
            assertThat(output.indexOf(INSTRUMENTED))
                    .isLessThan(output.indexOf("agent returned to the JVM"));
        }
    }

    private static final String INSTRUMENTED = "[faultline] start-up: instrumented";
}
