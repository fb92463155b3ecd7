// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log as JSON lines ({@code log-format=json}): who changed which fault through which
 * front end (config file, jcmd, JMX with its authenticated principal), expiry, the first injection,
 * refused commands; and the log file's owner-only permissions.
 */
class AuditLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER =
            System.getProperty("user.name"); // the child JVM runs as the test's user

    @Test
    void jsonLinesSayWhoChangedWhatThroughWhichFrontEnd(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("faults.yaml");
        Files.write(
                config,
                ("- id: from-config\n  point: jdbc.execute\n  action: delay\n  delay: 1ms\n"
                                + "  match:\n    sql: config_marker\n  duration: 1h\n")
                        .getBytes(StandardCharsets.UTF_8));
        Path log = dir.resolve("audit.jsonl");
        int port = KafkaBroker.freePort();
        long pid;
        List<String> options = new ArrayList<>(authenticatedJmx(dir, port));
        options.add(ChildJvm.javaagent("config=" + config + ",log=" + log + ",log-format=json"));
        String jmxSpec =
                "{\"id\": \"over-jmx\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\","
                        + " \"match\": {\"sql\": \"jmx_marker\"}}";
        try (ChildJvm app = ChildJvm.start(Jdk.current(), options.toArray(new String[0]))) {
            pid = app.pid();
            Jcmd jcmd = new Jcmd(Jdk.current(), pid);
            try (Jmx jmx = Jmx.connect(port, "auditor", "s3cret")) {
                assertThat(jmx.enable(jmxSpec)).isEqualTo("over-jmx");
                jcmd.agentLoad(
                        "enable,jdbc.execute,delay,delay:10ms,sql:jcmd_marker,id:over-jcmd,duration:2s");
                assertThat(jcmd.property("faultline.last")).isEqualTo("ok over-jcmd");
                jcmd.agentLoad("enable,jdbc.execute,error,probability:1.5");
                assertThat(jcmd.property("faultline.last"))
                        .startsWith("error: field 'probability'");

                assertThat(app.send("connect h2 jdbc:h2:mem:audit").ok).isTrue();
                assertThat(app.send("query h2 select 1 as jmx_marker").sqlState())
                        .isEqualTo("40001");

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while ((Integer) jmx.attribute("ActiveCount") > 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50); // over-jcmd expires after its 2 s
                }
                assertThat(jmx.attribute("ActiveCount")).isEqualTo(2);
                assertThat(jmx.disable("over-jmx")).isTrue();
            }
            jcmd.agentLoad("disable,from-config");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok disabled from-config");
        }

        List<ObjectNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            ObjectNode event = (ObjectNode) JSON.readTree(line); // every line is one JSON object
            Instant.parse(event.remove("time").asText()); // ISO-8601, or this throws
            assertThat(event.remove("pid").asLong()).isEqualTo(pid);
            assertThat(event.remove("jvm").asText()).startsWith(pid + "@");
            lines.add(event);
        }

        ObjectNode started = lines.remove(0);
        assertThat(started.get("event").asText()).isEqualTo("agent-started");
        assertThat(started.get("maxDuration").asText()).isEqualTo("1h");
        assertThat(started.get("points").toString())
                .contains("\"jdbc.execute\"", "\"http.client\"");

        // over-jcmd expires on the agent's timer 2 s after it was enabled: on a loaded machine that
        // can fall before or after the commands and the query that follow, so its line is checked
        // on its own, after the enabling of its fault, and the rest in their order.
        int enabledJcmd = -1;
        int expired = -1;
        for (int i = 0; i < lines.size(); i++) {
            String event = lines.get(i).get("event").asText();
            String fault = lines.get(i).path("fault").asText();
            if (fault.equals("over-jcmd") && event.equals("enabled")) {
                enabledJcmd = i;
            } else if (event.equals("expired")) {
                assertThat(expired).as("one expiry line").isEqualTo(-1);
                expired = i;
            }
        }
        assertThat(expired).isGreaterThan(enabledJcmd).isGreaterThanOrEqualTo(0);
        assertThat(lines.remove(expired))
                .isEqualTo(
                        json(
                                "{'event': 'expired', 'fault': 'over-jcmd', 'point': 'jdbc.execute', 'action': 'delay', 'via': 'agent',"
                                        + " 'matched': 0, 'injected': 0}"));

        // A refused command's message belongs to the parser; the audit line carries it whole.
        ObjectNode refused = lines.remove(6);
        assertThat(refused.remove("result").asText()).startsWith("error: field 'probability': 1.5");
        assertThat(refused)
                .isEqualTo(
                        json(
                                "{'event': 'command', 'via': 'jcmd', 'user': '"
                                        + USER
                                        + "',"
                                        + " 'command': 'enable,jdbc.execute,error,probability:1.5'}"));

        String viaConfig = "'via': 'config', 'user': '" + USER + "', 'source': '" + config + "'";
        String viaJmx = "'via': 'jmx', 'principal': 'auditor'";
        String viaJcmd = "'via': 'jcmd', 'user': '" + USER + "'";
        assertThat(lines)
                .containsExactly(
                        json(
                                "{'event': 'enabled', 'fault': 'from-config', 'point': 'jdbc.execute', 'action': 'delay', "
                                        + viaConfig
                                        + ","
                                        + " 'spec': {'id': 'from-config', 'point': 'jdbc.execute', 'action': 'delay', 'delay': '1ms',"
                                        + " 'match': {'sql': 'config_marker'}, 'probability': 1.0, 'after': 0, 'duration': '1h'}}"),
                        json(
                                "{'event': 'command', "
                                        + viaConfig
                                        + ", 'command': 'apply "
                                        + config
                                        + "', 'result': 'ok from-config'}"),
                        json(
                                "{'event': 'enabled', 'fault': 'over-jmx', 'point': 'jdbc.execute', 'action': 'error', "
                                        + viaJmx
                                        + ","
                                        + " 'spec': {'id': 'over-jmx', 'point': 'jdbc.execute', 'action': 'error', 'sqlState': '40001',"
                                        + " 'match': {'sql': 'jmx_marker'}, 'probability': 1.0, 'after': 0, 'duration': '5m'}}"),
                        json("{'event': 'command', " + viaJmx + "}")
                                .put("command", "enable " + jmxSpec)
                                .put("result", "ok over-jmx"),
                        json(
                                "{'event': 'enabled', 'fault': 'over-jcmd', 'point': 'jdbc.execute', 'action': 'delay', "
                                        + viaJcmd
                                        + ","
                                        + " 'spec': {'id': 'over-jcmd', 'point': 'jdbc.execute', 'action': 'delay', 'delay': '10ms',"
                                        + " 'match': {'sql': 'jcmd_marker'}, 'probability': 1.0, 'after': 0, 'duration': '2s'}}"),
                        json(
                                "{'event': 'command', "
                                        + viaJcmd
                                        + ", 'command': 'enable,jdbc.execute,delay,delay:10ms,sql:jcmd_marker,id:over-jcmd,duration:2s',"
                                        + " 'result': 'ok over-jcmd'}"),
                        json(
                                "{'event': 'first-injection', 'fault': 'over-jmx', 'point': 'jdbc.execute', 'action': 'error', 'thread': 'main',"
                                        + " 'matched': 1, 'injected': 1}"),
                        json(
                                "{'event': 'disabled', 'fault': 'over-jmx', 'point': 'jdbc.execute', 'action': 'error', "
                                        + viaJmx
                                        + ","
                                        + " 'matched': 1, 'injected': 1}"),
                        json(
                                "{'event': 'command', "
                                        + viaJmx
                                        + ", 'command': 'disable over-jmx', 'result': 'ok disabled over-jmx'}"),
                        json(
                                "{'event': 'disabled', 'fault': 'from-config', 'point': 'jdbc.execute', 'action': 'delay', "
                                        + viaJcmd
                                        + ","
                                        + " 'matched': 0, 'injected': 0}"),
                        json(
                                "{'event': 'command', "
                                        + viaJcmd
                                        + ", 'command': 'disable,from-config', 'result': 'ok disabled from-config'}"));
    }

    @Test
    void aNewLogFileIsOwnerOnlyAndAnExistingOneKeepsItsPermissions(@TempDir Path dir)
            throws Exception {
        assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions");
        Path created = dir.resolve("audit.log");
        try (ChildJvm app = ChildJvm.start(Jdk.current(), ChildJvm.javaagent("log=" + created))) {
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            jcmd.agentLoad("enable,jdbc.execute,error,id:text-log");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok text-log");
            jcmd.agentLoad("enable,jdbc.execute,error,probability:2");
            jcmd.agentLoad("disable,text-log");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok disabled text-log");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                .isEqualTo("rw-------");
        String text = new String(Files.readAllBytes(created), StandardCharsets.UTF_8);
        // The text log names the front end too, and shows refused commands.
        assertThat(text)
                .contains(
                        "enabled text-log (jdbc.execute error for 5m) via jcmd (user " + USER + ")")
                .contains(
                        "command enable,jdbc.execute,error,probability:2 via jcmd (user "
                                + USER
                                + "): error: field 'probability'")
                .contains(
                        "ended text-log (disabled via jcmd (user "
                                + USER
                                + ")): matched 0, injected 0");

        Path existing = dir.resolve("shared.log");
        Files.write(existing, "kept\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r-----"));
        try (ChildJvm app = ChildJvm.start(Jdk.current(), ChildJvm.javaagent("log=" + existing))) {
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            jcmd.agentLoad("enable,jdbc.execute,error,id:appended");
            assertThat(jcmd.property("faultline.last")).isEqualTo("ok appended");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
                .isEqualTo("rw-r-----");
        List<String> lines = Files.readAllLines(existing, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("kept");
        assertThat(String.join("\n", lines))
                .contains("enabled appended (jdbc.execute error for 5m) via jcmd");
    }

    @Test
    void aBadLogFormatStopsTheAgentBeforeItInstallsAnything(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("audit.jsonl");
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(), ChildJvm.javaagent("log=" + log + ",log-format=yaml"))) {
            assertThat(app.send("connect h2 jdbc:h2:mem:badformat").ok).isTrue();
            assertThat(app.output())
                    .contains(
                            "[faultline] the agent could not start: dev.faultline.core.SpecException:"
                                    + " field 'log-format': 'yaml' is not a log format; expected text or json");
            assertThat(new Jcmd(Jdk.current(), app.pid()).property("faultline.version")).isNull();
        }
        assertThat(log).doesNotExist();
    }

    /**
     * A remote JMX connector on a loopback port that authenticates {@code auditor} from a password
     * file.
     */
    private static List<String> authenticatedJmx(Path dir, int port) throws Exception {
        Path passwords = dir.resolve("jmx.password");
        Files.write(passwords, "auditor s3cret\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(
                passwords, PosixFilePermissions.fromString("rw-------")); // the JVM insists
        Path access = dir.resolve("jmx.access");
        Files.write(access, "auditor readwrite\n".getBytes(StandardCharsets.UTF_8));
        return List.of(
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.registry.ssl=false",
                "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                "-Dcom.sun.management.jmxremote.access.file=" + access);
    }

    /** JSON written with single quotes, for readability. */
    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }
}
