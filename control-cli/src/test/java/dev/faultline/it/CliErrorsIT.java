// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The attach failures that can be produced on one machine, each with its own message and advice.
 */
class CliErrorsIT {

    @Test
    void noSuchPid() throws Exception {
        Cli run = Cli.run("attach", "2147483000");
        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.err)
                .isEqualTo(
                        "faultline: no process with pid 2147483000 (it may have ended; faultline jvms lists the JVMs)\n");
    }

    @Test
    void aRuntimeWithoutTheAttachModule() throws Exception {
        // The CLI's JVM without jdk.attach, as in a JRE or a jlink image.
        Cli run =
                Cli.runWith(
                        new String[] {
                            "--limit-modules",
                            "java.base,java.management,java.management.rmi,java.naming,java.rmi,java.sql,java.logging,java.xml,java.desktop"
                        },
                        "jvms");
        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.err)
                .startsWith("faultline: this Java runtime (")
                .endsWith(
                        ") has no jdk.attach module, so it cannot attach to JVMs:"
                                + " run faultline with a full JDK (set JAVA_HOME to one)\n");
    }

    @Test
    void noMatchingName() throws Exception {
        Cli run = Cli.run("list", "NoSuchApplication");
        assertThat(run.exitCode).isEqualTo(3);
        assertThat(run.err)
                .isEqualTo(
                        "faultline: no JVM of this user matches 'NoSuchApplication' (faultline jvms lists them)\n");
    }

    @Test
    void aDifferentAgentVersionInTheTarget() throws Exception {
        // What the agent publishes when it is loaded; here it claims another version.
        try (ChildJvm app = ChildJvm.start(Jdk.current(), "-Dfaultline.version=0.0.1")) {
            Cli run = Cli.run("enable", String.valueOf(app.pid()), "jdbc.execute", "error");
            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.err)
                    .startsWith(
                            "faultline: "
                                    + app.pid()
                                    + " (dev.faultline.it.app.JdbcWorkload) runs Faultline agent 0.0.1, this CLI is ")
                    .endsWith(
                            ": use the CLI of version 0.0.1, or detach the agent with that CLI and attach again\n");
        }
    }

    @Test
    void dynamicAgentLoadingDisabled() throws Exception {
        Jdk jdk25 = Jdk.jdk25(); // the flag exists from JDK 21 on
        try (ChildJvm app = ChildJvm.start(jdk25, "-XX:-EnableDynamicAgentLoading")) {
            Cli run = Cli.run("attach", String.valueOf(app.pid()));
            assertThat(run.exitCode).isEqualTo(3);
            assertThat(run.err)
                    .isEqualTo(
                            "faultline: "
                                    + app.pid()
                                    + " (dev.faultline.it.app.JdbcWorkload) was started with"
                                    + " -XX:-EnableDynamicAgentLoading, which forbids loading agents into it: restart it without that flag,"
                                    + " or with -javaagent:faultline-agent.jar\n");
        }
    }

    @Test
    void remoteJmxTargetWithTheAgentAtStartUp() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        ChildJvm.javaagent(null),
                        "-Dcom.sun.management.jmxremote.port=" + port,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.authenticate=false",
                        "-Dcom.sun.management.jmxremote.ssl=false")) {
            app.send("connect h2 jdbc:h2:mem:remote");
            String target = "127.0.0.1:" + port;
            Cli enable = null;
            for (int attempt = 0;
                    attempt < 50;
                    attempt++) { // the agent registers its MBean beside the start
                enable =
                        Cli.run(
                                "enable",
                                target,
                                "jdbc.execute",
                                "error",
                                "--sql-state",
                                "40001",
                                "--id",
                                "remote");
                if (enable.exitCode == 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(enable.exitCode).as(enable.toString()).isZero();
            assertThat(enable.out).isEqualTo("remote\n");
            assertThat(app.send("query h2 select 1").sqlState()).isEqualTo("40001");
            assertThat(Cli.run("list", target).out).contains("remote").contains("jdbc.execute");
            Cli detach = Cli.run("detach", target);
            assertThat(detach.exitCode).isEqualTo(1);
            assertThat(detach.err)
                    .isEqualTo(
                            "faultline: 'detach' needs a local attach; run faultline on the target's machine\n");
        }
    }
}
