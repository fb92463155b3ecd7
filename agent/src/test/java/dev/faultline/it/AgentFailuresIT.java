// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.agent.TestExtension;
import dev.faultline.it.selftest.FailingParts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the agent itself: a test build of the agent jar ({@link TestBuildAgentJar} with {@link
 * FailingParts}) whose listener, decisions, stop and instrumentation of one class fail on purpose.
 * The application's calls go on with their normal results (or only the fault asked for), each
 * failure is counted in {@code AgentErrors}, each kind is logged once, and the agent keeps working.
 * The steps build on each other, in order; each checks the count it adds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentFailuresIT {
    /**
     * Instrumenting it fails: prepared statements then run unchanged, plain ones are still
     * instrumented.
     */
    private static final String UNTRANSFORMABLE = "org.h2.jdbc.JdbcPreparedStatement";

    private static final Pattern FAILURE_ENTRY =
            Pattern.compile(
                    "agent failure in (.+?)(?: of \\S+)? \\(the application was not affected");

    private ChildJvm app;
    private Jmx jmx;
    private Path log;
    private long errorsBefore;

    @BeforeAll
    void startTheApplicationWithTheTestBuild(@TempDir Path dir) throws Exception {
        Path agent = TestBuildAgentJar.with(FailingParts.class, dir);
        log = dir.resolve("audit.log");
        app =
                ChildJvm.start(
                        Jdk.current(),
                        ChildJvm.CLASSPATH,
                        ChildJvm.JDBC_WORKLOAD,
                        Collections.emptyMap(),
                        "-D" + TestExtension.PROPERTY + "=" + FailingParts.class.getName(),
                        "-Dfaultline.selftest.fail=listener,applies,error,detail,stop,transform:"
                                + UNTRANSFORMABLE,
                        "-javaagent:" + agent + "=log=" + log);
        jmx = Jmx.connect(app.pid());
        // A command instruments the idle agent before it answers: H2 loads after that, each class
        // once, through the transformer.
        new Jcmd(Jdk.current(), app.pid()).run("JVMTI.agent_load", agent.toString(), "status");
        assertThat(jmx.attribute("AgentErrors")).isEqualTo(0L);
        expectOk("connect h2 jdbc:h2:mem:selftest;DB_CLOSE_DELAY=-1");
        expectOk("update h2 create table inventory(id int primary key, quantity int)");
        expectOk("update h2 insert into inventory values (1, 5)");
    }

    @AfterAll
    void stop() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void aClassThatCannotBeInstrumentedRunsUnchangedWhileOthersAreFaulted() throws Exception {
        assertThat(expectOk("prepared h2 select * from inventory").detail).isEqualTo("rows 1");
        assertThat(addedErrors()).isEqualTo(1);

        jmx.enable(
                "{\"id\": \"reads-fail\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\", \"match\": {\"sql\": \"inventory\"}}");
        assertThat(app.send("query h2 select * from inventory").sqlState()).isEqualTo("40001");
        assertThat(expectOk("prepared h2 select * from inventory").detail).isEqualTo("rows 1");
        assertThat(jmx.disable("reads-fail")).isTrue();
        assertThat(addedErrors()).isZero();
    }

    @Test
    @Order(2)
    void aThrowingListenerBreaksNeitherEnableNorInjectionNorDisable() throws Exception {
        assertThat(
                        jmx.enable(
                                "{\"id\": \"listener-fails-1\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\", \"match\": {\"sql\": \"select 2\"}}"))
                .isEqualTo("listener-fails-1");
        assertThat(addedErrors()).isEqualTo(1); // enabled
        for (int i = 0; i < 3; i++) {
            Reply reply = app.send("query h2 select 2");
            assertThat(reply.ok).as(reply.toString()).isFalse();
            assertThat(reply.sqlState()).isEqualTo("40001");
        }
        assertThat(addedErrors()).isEqualTo(1); // the first injection only
        assertThat(jmx.disable("listener-fails-1")).isTrue();
        assertThat(addedErrors()).isEqualTo(1); // ended
        assertThat(expectOk("query h2 select 2").detail).isEqualTo("rows 1");
        // The listeners after the failing one were told: the audit log has the whole lifecycle.
        assertThat(auditLog())
                .contains(
                        "enabled listener-fails-1",
                        "first injection of listener-fails-1",
                        "ended listener-fails-1 (disabled via jmx): matched 3, injected 3");
    }

    @Test
    @Order(3)
    void aThrowingListenerLeavesTheExpiryThreadWorking() throws Exception {
        jmx.enable(
                "{\"id\": \"listener-fails-2\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"match\": {\"sql\": \"select 5\"}, \"duration\": \"1s\"}");
        assertThat(addedErrors()).isEqualTo(1); // enabled
        awaitNoActiveFault();
        assertThat(addedErrors()).isEqualTo(1); // ended, on the expiry thread
        jmx.enable(
                "{\"id\": \"expires-after\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"match\": {\"sql\": \"select 5\"}, \"duration\": \"1s\"}");
        awaitNoActiveFault();
        assertThat(auditLog())
                .contains("ended listener-fails-2 (expired)", "ended expires-after (expired)");
        assertThat(new Jcmd(Jdk.current(), app.pid()).property("faultline.status")).isEqualTo("[]");
        assertThat(addedErrors()).isZero();
    }

    @Test
    @Order(4)
    void decisionsThatThrowLetTheCallRunAsIfNoFaultWereActive() throws Exception {
        jmx.enable(
                "{\"id\": \"applies-probe\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"match\": {\"sql\": \"fail_applies\"}}");
        for (int i = 0; i < 3; i++) {
            assertThat(expectOk("query h2 select 1 as fail_applies").detail).isEqualTo("rows 1");
        }
        assertThat(addedErrors()).isEqualTo(3);

        jmx.enable(
                "{\"id\": \"error-fails\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"match\": {\"sql\": \"select 3\"}}");
        assertThat(expectOk("query h2 select 3").detail).isEqualTo("rows 1");
        assertThat(addedErrors()).isEqualTo(1);

        assertThat(expectOk("stock abc").detail)
                .isEqualTo("stock=21"); // loads the class a method fault needs
        jmx.enable(
                "{\"id\": \"detail-fails\", \"point\": \"method\", \"action\": \"return\", \"value\": 99, \"match\": {\"class\": \"Inventory$\", \"method\": \"^stock$\"}}");
        assertThat(expectOk("stock abc").detail).isEqualTo("stock=21");
        assertThat(addedErrors()).isEqualTo(1);
        jmx.disableAll();

        // The same points still inject what is asked of them.
        jmx.enable(
                "{\"id\": \"stock-99\", \"point\": \"method\", \"action\": \"return\", \"value\": 99, \"match\": {\"class\": \"Inventory$\", \"method\": \"^stock$\"}}");
        assertThat(expectOk("stock abc").detail).isEqualTo("stock=99");
        jmx.enable(
                "{\"id\": \"select-3\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40P01\", \"match\": {\"sql\": \"select 3\"}}");
        assertThat(app.send("query h2 select 3").sqlState()).isEqualTo("40P01");
        jmx.disableAll();
        assertThat(addedErrors()).isZero();
    }

    @Test
    @Order(5)
    void aPointThatFailsToStopDoesNotStopDisableAll() throws Exception {
        jmx.enable(
                "[{\"id\": \"stop-fails\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"1ms\"},"
                        + " {\"id\": \"after-it\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"match\": {\"sql\": \"select 4\"}}]");
        assertThat(jmx.disableAll()).isEqualTo(2);
        assertThat(jmx.list()).isEqualTo("[]");
        assertThat(expectOk("query h2 select 4").detail).isEqualTo("rows 1");
        assertThat(addedErrors()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void everyFailureIsCountedEveryKindLoggedOnceAndNoneReachedTheApplication() throws Exception {
        long total = (Long) jmx.attribute("AgentErrors");
        assertThat(total).isEqualTo(1 + 5 + 3 + 1 + 1 + 1);
        Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
        jcmd.agentLoad("status");
        assertThat(jcmd.property("faultline.last"))
                .isEqualTo("ok 0 active, " + total + " agent errors");

        List<String> logged = new ArrayList<>();
        Matcher entries = FAILURE_ENTRY.matcher(auditLog());
        while (entries.find()) {
            logged.add(entries.group(1));
        }
        // applies and error of jdbc.execute are one kind: the same place (the point's decision) and
        // exception class
        assertThat(logged)
                .containsExactlyInAnyOrder(
                        "instrumentation",
                        "fault listener (enabled)",
                        "fault listener (first injection)",
                        "fault listener (ended)",
                        "jdbc.execute",
                        "method",
                        "jdbc.execute stop");
        assertThat(auditLog().split("IllegalStateException: provoked failure", -1))
                .hasSize(logged.size() + 1);
        assertThat(app.output()).doesNotContain("provoked failure").doesNotContain("[faultline]");
    }

    /** The shipped jar carries no extension: naming one only keeps the agent out, and says why. */
    @Test
    @Order(7)
    void theShippedJarCannotBeMadeToFail() throws Exception {
        try (ChildJvm shipped =
                ChildJvm.start(
                        Jdk.current(),
                        "-D" + TestExtension.PROPERTY + "=" + FailingParts.class.getName(),
                        "-Dfaultline.selftest.fail=applies",
                        ChildJvm.javaagent(null))) {
            assertThat(shipped.send("connect h2 jdbc:h2:mem:shipped").ok).isTrue();
            assertThat(shipped.send("query h2 select 1 as fail_applies").detail)
                    .isEqualTo("rows 1");
            assertThat(shipped.output())
                    .contains(
                            "[faultline] the agent could not start: java.lang.IllegalStateException: "
                                    + TestExtension.PROPERTY
                                    + "="
                                    + FailingParts.class.getName()
                                    + ": this agent jar carries no such class;"
                                    + " only a test build of the agent has extensions. Remove the property.");
            assertThat(new Jcmd(Jdk.current(), shipped.pid()).property("faultline.version"))
                    .isNull();
        }
    }

    /** The agent errors added since the last call. */
    private long addedErrors() throws Exception {
        long now = (Long) jmx.attribute("AgentErrors");
        long added = now - errorsBefore;
        errorsBefore = now;
        return added;
    }

    private void awaitNoActiveFault() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!jmx.list().equals("[]") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(jmx.list()).isEqualTo("[]");
    }

    private String auditLog() throws Exception {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    private Reply expectOk(String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
