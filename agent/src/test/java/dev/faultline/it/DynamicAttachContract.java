// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the agent into a running JVM that was started without it, with the JDK's real {@code
 * jcmd}, while its JDBC driver is already in use. The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DynamicAttachContract {
    private ChildJvm app;
    private Jcmd jcmd;
    private Map<String, String> originalStatement;
    private Path probe;

    abstract Jdk jdk();

    @BeforeAll
    void startApplicationWithoutAgent(@TempDir Path dir) throws Exception {
        Jdk jdk = jdk();
        probe = probeJar(dir);
        app = ChildJvm.start(jdk, "-javaagent:" + probe);
        jcmd = new Jcmd(jdk, app.pid());
        expectOk("connect h2 jdbc:h2:mem:attach;DB_CLOSE_DELAY=-1");
        expectOk("update h2 create table inventory(id int primary key, quantity int)");
        assertThat(expectOk("query h2 select * from inventory").millis).isLessThan(300L);
        originalStatement = MethodBodies.of(expectOk("bytes org.h2.jdbc.JdbcStatement").detail);
        assertThat(MethodBodies.callTheBridge(originalStatement)).isFalse();
    }

    /**
     * A jar whose manifest makes {@code ClassBytesProbe} (on the application's class path) an
     * agent.
     */
    static Path probeJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes()
                .putValue("Premain-Class", "dev.faultline.it.app.ClassBytesProbe");
        manifest.getMainAttributes()
                .putValue("Agent-Class", "dev.faultline.it.app.ClassBytesProbe");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = dir.resolve("class-bytes-probe.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    @AfterAll
    void stopApplication() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void quotedEnableTakesEffectOnAnAlreadyLoadedDriver() throws Exception {
        String printed =
                jcmd.agentLoad(
                        "\"enable jdbc.execute delay delay:500ms sql:(?i)select.*inventory id:slow-reads\"");
        assertThat(printed).contains("return code: 0");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok slow-reads");
        assertThat(expectOk("query h2 select * from inventory").millis).isBetween(500L, 1500L);
        assertThat(expectOk("query h2 select 1").millis).isLessThan(500L);
        assertThat(
                        MethodBodies.callTheBridge(
                                currentBytesAfterFaultline("org.h2.jdbc.JdbcStatement")))
                .isTrue();
    }

    /** Loads the probe again, after the agent, so that it sees the agent's bytecode. */
    private Map<String, String> currentBytesAfterFaultline(String className) throws Exception {
        jcmd.run("JVMTI.agent_load", probe.toString());
        return MethodBodies.of(expectOk("bytes " + className).detail);
    }

    @Test
    @Order(2)
    void commaFormNeedsNoQuotes() throws Exception {
        jcmd.agentLoad(
                "enable,jdbc.execute,error,sqlState:40P01,match.sql:deadlock_me,id:deadlocks");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok deadlocks");
        Reply reply = app.send("query h2 select 1 as deadlock_me");
        // 40P01 is PostgreSQL's: H2 has no exception of its own for it, so the JDBC class with
        // neutral wording
        assertThat(reply.detail)
                .isEqualTo(
                        "java.sql.SQLTransactionRollbackException 40P01 Transaction rolled back: deadlock detected");

        // jcmd reads the unquoted key=value as its own option and passes on only what precedes the
        // '='
        jcmd.agentLoad("enable,jdbc.execute,delay,delay:500ms,id=cut-short");
        assertThat(jcmd.property("faultline.last"))
                .startsWith(
                        "error: the command was cut at 40 characters, after 'id': jcmd reads key=value"
                                + " in an unquoted argument as its own option");
        // the error class of the issue: a String is no Throwable, refused for a method fault as for
        // any point
        jcmd.agentLoad("\"enable method error error:java.lang.String class:^sqlline method:.*\"");
        assertThat(jcmd.property("faultline.last"))
                .startsWith(
                        "error: field 'error': java.lang.String is not a Throwable subclass; expected ");
    }

    @Test
    @Order(3)
    void statusListsTheActiveFaultsWithCounters() throws Exception {
        jcmd.agentLoad("status");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok 2 active, 0 agent errors");
        String status = jcmd.property("faultline.status");
        assertThat(status)
                .contains("\"id\":\"slow-reads\"")
                .contains("\"id\":\"deadlocks\"")
                .contains("\"matched\":1,\"injected\":1");
    }

    @Test
    @Order(4)
    void badCommandsSayWhyAndChangeNothing() throws Exception {
        String before = jcmd.property("faultline.status");
        jcmd.agentLoad("\"enable jdbc.execute error probability:1.5\"");
        assertThat(jcmd.property("faultline.last"))
                .isEqualTo(
                        "error: field 'probability': 1.5 is out of range; expected a number from 0 to 1");
        jcmd.agentLoad("enable,jdbc.exec,error");
        assertThat(jcmd.property("faultline.last"))
                .startsWith("error: field 'point': unknown point 'jdbc.exec'");
        jcmd.agentLoad("\"enable jdbc.execute delay delay:soon\"");
        assertThat(jcmd.property("faultline.last"))
                .isEqualTo(
                        "error: field 'delay': 'soon' is not a duration such as 250ms, 2s, 5m, 1h or PT5M");
        jcmd.agentLoad("explode");
        assertThat(jcmd.property("faultline.last"))
                .isEqualTo(
                        "error: unknown command 'explode'; expected one of enable, enable-json, apply, disable, disable-all, status, detach");
        assertThat(stripRemaining(jcmd.property("faultline.status")))
                .isEqualTo(stripRemaining(before));
    }

    @Test
    @Order(5)
    void applyAFileAndDisableById(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("commit-faults.yaml");
        Files.write(
                file,
                "id: commit-fails\npoint: jdbc.commit\naction: error\nsqlState: \"40001\"\n"
                        .getBytes(StandardCharsets.UTF_8));
        jcmd.agentLoad("\"apply " + file + "\"");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok commit-fails");
        assertThat(app.send("commit h2 insert into inventory values (1, 1)").detail)
                .isEqualTo(
                        "org.h2.jdbc.JdbcSQLTransactionRollbackException 40001"
                                + " Deadlock detected. The current transaction was rolled back. Details:  [40001-232]");
        jcmd.agentLoad("\"disable commit-fails\"");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok disabled commit-fails");
        expectOk("commit h2 insert into inventory values (1, 1)");
    }

    @Test
    @Order(6)
    void disableAllRestoresTheApplication() throws Exception {
        jcmd.agentLoad("disable-all");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok disabled 2");
        assertThat(jcmd.property("faultline.status")).isEqualTo("[]");
        assertThat(expectOk("query h2 select * from inventory").millis).isLessThan(500L);
        expectOk("query h2 select 1 as deadlock_me");
    }

    @Test
    @Order(7)
    void everyLoadReusedTheOneInstalledAgentAndItOpenedNoPort() throws Exception {
        assertThat(app.output().split("agent \\S+ installed", -1)).hasSize(2);
        assumeTrue(ListeningSockets.supported(), "no /proc to read sockets from");
        assertThat(ListeningSockets.count(app.pid())).isZero();
    }

    @Test
    @Order(8)
    void detachRestoresTheOriginalBytecodeAndStopsEveryAgentThread() throws Exception {
        jcmd.agentLoad("\"enable jdbc.execute delay delay:2s id:left-behind\"");
        jcmd.agentLoad("detach");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok detached");
        assertThat(jcmd.property("faultline.version")).isNull();
        assertThat(MethodBodies.of(expectOk("bytes org.h2.jdbc.JdbcStatement").detail))
                .isEqualTo(originalStatement);
        assertThat(expectOk("query h2 select * from inventory").millis).isLessThan(500L);
        String threads = jcmd.run("Thread.print");
        assertThat(threads).doesNotContain("\"faultline").doesNotContain("| faultline\"");
    }

    @Test
    @Order(9)
    void aLaterAttachInstallsAgain() throws Exception {
        jcmd.agentLoad("\"enable jdbc.execute delay delay:500ms id:again\"");
        assertThat(jcmd.property("faultline.last")).isEqualTo("ok again");
        assertThat(expectOk("query h2 select * from inventory").millis).isBetween(500L, 1500L);
        assertThat(
                        MethodBodies.callTheBridge(
                                currentBytesAfterFaultline("org.h2.jdbc.JdbcStatement")))
                .isTrue();
        jcmd.agentLoad("disable-all");
    }

    private static String stripRemaining(String status) {
        return status.replaceAll("\"remaining(Millis)?\":\"?\\w+\"?", "");
    }

    private Reply expectOk(String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
