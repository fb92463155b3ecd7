// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real {@code faultline} CLI against a real target JVM started without the agent, on the JDK of
 * the subclass. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CliContract {
    private ChildJvm app;
    private String pid;

    abstract Jdk jdk();

    @BeforeAll
    void startTarget() throws Exception {
        app = ChildJvm.start(jdk());
        pid = String.valueOf(app.pid());
        expectOk("connect h2 jdbc:h2:mem:cli;DB_CLOSE_DELAY=-1");
        expectOk("update h2 create table inventory(id int primary key, quantity int)");
    }

    @AfterAll
    void stopTarget() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void jvmsListsTheTargetWithoutFaultline() throws Exception {
        Cli jvms = cli("jvms");
        assertThat(jvms.out)
                .startsWith("PID")
                .containsPattern(
                        "(?m)^" + pid + "\\s+\\S+\\s+-\\s+-\\s+dev.faultline.it.app.JdbcWorkload$");
    }

    @Test
    @Order(2)
    void attachIsIdempotent() throws Exception {
        assertThat(cli("attach", pid).out)
                .matches(
                        "Faultline \\S+ attached to "
                                + pid
                                + " \\(dev.faultline.it.app.JdbcWorkload\\)\\n");
        assertThat(cli("attach", "JdbcWorkload").out).contains("already attached to " + pid);
        assertThat(cli("jvms").out).containsPattern("(?m)^" + pid + "\\s+\\S+\\s+\\d\\S*\\s+0\\s+");
    }

    @Test
    @Order(3)
    void enableByNameIsObservedByTheTargetAndCounted() throws Exception {
        Cli enabled =
                cli(
                        "enable",
                        "JdbcWorkload",
                        "jdbc.execute",
                        "delay",
                        "--delay",
                        "400ms",
                        "--match",
                        "sql=(?i)from inventory",
                        "--id",
                        "slow-reads");
        assertThat(enabled.out).isEqualTo("slow-reads\n");
        assertThat(expectOk("query h2 select * from inventory").millis).isBetween(400L, 2000L);
        assertThat(expectOk("query h2 select * from inventory").millis).isBetween(400L, 2000L);
        assertThat(expectOk("query h2 select 1").millis).isLessThan(400L);
        Thread.sleep(1500); // the agent publishes its counters each second
        Cli list = cli("list", pid);
        assertThat(list.out)
                .containsPattern(
                        "(?m)^ID\\s+POINT\\s+ACTION\\s+MATCHED\\s+INJECTED\\s+LEFT\\s+MATCH$")
                .containsPattern(
                        "(?m)^slow-reads\\s+jdbc.execute\\s+delay 400ms\\s+2\\s+2\\s+4m\\d\\ds\\s+sql=\\(\\?i\\)from inventory$");
        assertThat(cli("list", pid, "--json").out)
                .startsWith("[{\"id\":\"slow-reads\"")
                .contains("\"injected\":2");
    }

    @Test
    @Order(4)
    void enableByPidFromAFileAndDisableById(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("faults.yaml");
        java.nio.file.Files.write(
                file,
                ("- id: deadlocks\n  point: jdbc.execute\n  action: error\n  sqlState: 40P01\n"
                                + "  match:\n    sql: deadlock_me\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(cli("enable", pid, "-f", file.toString()).out).isEqualTo("deadlocks\n");
        assertThat(app.send("query h2 select 1 as deadlock_me").detail)
                .isEqualTo(
                        "java.sql.SQLTransactionRollbackException 40P01 Transaction rolled back: deadlock detected");
        assertThat(cli("disable", pid, "deadlocks").out).isEqualTo("disabled deadlocks\n");
        expectOk("query h2 select 1 as deadlock_me");
    }

    /**
     * JDK 17's attach mechanism refuses an agent argument over 1024 bytes (Premature EOF): a long
     * spec goes as a file the agent applies.
     */
    @Test
    @Order(4)
    void aLongSpecIsEnabledAsAnyOther(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String message = "x".repeat(3000);
        java.nio.file.Path file = dir.resolve("long.json");
        java.nio.file.Files.writeString(
                file,
                "{\"id\": \"long-one\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"message\": \""
                        + message
                        + "\", \"match\": {\"sql\": \"long_one\"}}");
        assertThat(cli("enable", pid, "-f", file.toString()).out).isEqualTo("long-one\n");
        assertThat(app.send("query h2 select 1 as long_one").detail).endsWith(message);
        assertThat(cli("disable", pid, "long-one").out).isEqualTo("disabled long-one\n");
        // and a long one the target refuses (its own max-duration, which only it knows) says why,
        // as a short one would
        java.nio.file.Files.writeString(
                file,
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"message\": \""
                        + message
                        + "\", \"duration\": \"2h\"}");
        assertThat(cliFailing(1, "enable", pid, "-f", file.toString()).err)
                .isEqualTo(
                        "faultline: field 'duration': 2h exceeds this agent's max-duration of 1h\n");
        try (java.util.stream.Stream<java.nio.file.Path> left =
                java.nio.file.Files.list(
                        java.nio.file.Path.of(
                                System.getProperty("java.io.tmpdir"),
                                "faultline-" + System.getProperty("user.name")))) {
            assertThat(left.filter(f -> f.getFileName().toString().startsWith("faultline-spec-")))
                    .isEmpty();
        }
    }

    @Test
    @Order(4)
    void enableASyntheticHttpResponseWithItsHeaders() throws Exception {
        Cli enabled =
                cli(
                        "enable",
                        pid,
                        "http.client",
                        "status",
                        "--code",
                        "503",
                        "--body",
                        "busy",
                        "--header",
                        "Retry-After=30",
                        "--match",
                        "host=^inventory\\.",
                        "--id",
                        "inventory-down");
        assertThat(enabled.out).isEqualTo("inventory-down\n");
        // this application uses no HTTP client: the fault waits for one, and says so
        assertThat(cli("list", pid).out)
                .containsPattern(
                        "(?m)^inventory-down\\s+http.client \\(not loaded\\)\\s+status 503\\s+0\\s+0\\s+");
        assertThat(cli("list", pid, "--json").out)
                .contains("\"code\":503,\"body\":\"busy\",\"headers\":{\"Retry-After\":\"30\"}");
        assertThat(cli("disable", pid, "inventory-down").out)
                .isEqualTo("disabled inventory-down\n");
    }

    @Test
    @Order(5)
    void badSpecsAndUnknownIdsFailWithOneClearLine() throws Exception {
        // refused by the CLI itself, naming the option: nothing reaches the target
        Cli bad = cliFailing(2, "enable", pid, "jdbc.execute", "delay", "--delay", "soon");
        assertThat(bad.err)
                .isEqualTo(
                        "faultline: option '--delay': 'soon' is not a duration such as 250ms, 2s, 5m, 1h or PT5M\n");
        assertThat(cliFailing(1, "disable", pid, "no-such-fault").err)
                .isEqualTo("faultline: no active fault with id 'no-such-fault'\n");
    }

    @Test
    @Order(6)
    void watchFollowsTheCountersUntilNoFaultIsLeft() throws Exception {
        cli("disable", pid, "--all");
        cli("enable", pid, "jdbc.execute", "error", "--for", "3s", "--id", "brief");
        app.send("query h2 select 1");
        Cli watch = cli("watch", pid);
        assertThat(watch.out)
                .containsPattern("(?m)^brief\\s+jdbc.execute\\s+error\\s+1\\s+1\\s+")
                .endsWith("no fault left\n");
    }

    @Test
    @Order(7)
    void disableAllAndDetachRestoreTheTarget() throws Exception {
        cli("enable", pid, "jdbc.execute", "delay", "--delay", "2s");
        assertThat(cli("disable", pid, "--all").out).isEqualTo("disabled 1 fault(s)\n");
        cli("enable", pid, "jdbc.execute", "delay", "--delay", "2s");
        assertThat(cli("detach", pid).out)
                .isEqualTo(
                        "Faultline detached from "
                                + pid
                                + " (dev.faultline.it.app.JdbcWorkload): 1 fault(s) ended, classes restored\n");
        assertThat(expectOk("query h2 select * from inventory").millis).isLessThan(1000L);
        assertThat(cli("jvms").out).containsPattern("(?m)^" + pid + "\\s+\\S+\\s+-\\s+-\\s+");
        assertThat(cliFailing(1, "list", pid).err)
                .isEqualTo(
                        "faultline: Faultline is not attached to "
                                + pid
                                + " (dev.faultline.it.app.JdbcWorkload) (faultline attach loads it)\n");
    }

    @Test
    @Order(8)
    void aLaterAttachWorksAgain() throws Exception {
        cli("enable", pid, "jdbc.execute", "delay", "--delay", "400ms", "--id", "again");
        assertThat(expectOk("query h2 select 1").millis).isBetween(400L, 2000L);
        cli("detach", pid);
    }

    @Test
    @Order(9)
    void moreThanOneMatchingJvmIsRefused() throws Exception {
        try (ChildJvm second = ChildJvm.start(jdk())) {
            Cli ambiguous = cliFailing(3, "list", "JdbcWorkload");
            assertThat(ambiguous.err)
                    .startsWith("faultline: more than one JVM matches 'JdbcWorkload': ")
                    .contains(pid + " (dev.faultline.it.app.JdbcWorkload)")
                    .contains(second.pid() + " (dev.faultline.it.app.JdbcWorkload)")
                    .endsWith("; give the pid or a longer part of the name\n");
            // A bad spec for a JVM without the agent: refused while the CLI attaches beside the
            // check, and the agent is never loaded into it.
            String fresh = String.valueOf(second.pid());
            assertThat(
                            cliFailing(
                                            2,
                                            "enable",
                                            fresh,
                                            "jdbc.execute",
                                            "delay",
                                            "--delay",
                                            "soon")
                                    .err)
                    .contains("option '--delay'");
            assertThat(cli("jvms").out).containsPattern("(?m)^" + fresh + "\\s+\\S+\\s+-\\s+-\\s+");
            // A good one loads the agent and enables in one go.
            assertThat(
                            cli(
                                            "enable",
                                            fresh,
                                            "jdbc.execute",
                                            "delay",
                                            "--delay",
                                            "1ms",
                                            "--id",
                                            "one-load")
                                    .out)
                    .isEqualTo("one-load\n");
            assertThat(cli("list", fresh).out).contains("one-load");
        }
    }

    private Cli cli(String... args) throws Exception {
        Cli run = Cli.run(args);
        assertThat(run.exitCode)
                .as("faultline %s\n%s\ntarget:\n%s", String.join(" ", args), run, app.output())
                .isZero();
        return run;
    }

    private Cli cliFailing(int exitCode, String... args) throws Exception {
        Cli run = Cli.run(args);
        assertThat(run.exitCode)
                .as("faultline %s\n%s", String.join(" ", args), run)
                .isEqualTo(exitCode);
        assertThat(run.out).isEmpty();
        return run;
    }

    private Reply expectOk(String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
