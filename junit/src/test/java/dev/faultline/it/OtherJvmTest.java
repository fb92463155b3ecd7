// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.junit.Fault;
import dev.faultline.junit.FaultHandle;
import dev.faultline.junit.Faults;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same API against another JVM: on this machine by pid or name (attach), and over remote JMX
 * with credentials on loopback.
 */
class OtherJvmTest {

    @Test
    void byPidLoadsTheAgentAndDrivesFaultsThere() throws Exception {
        try (ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(),
                                ChildJvm.CLASSPATH,
                                ChildJvm.JDBC_WORKLOAD,
                                Collections.emptyMap());
                Faults faults = Faults.attach(app.pid())) {
            app.send("connect db jdbc:h2:mem:pid");
            try (FaultHandle conflict =
                    faults.enable(
                            Fault.jdbcExecute().error().sqlState("40001").sql("(?i)^select 1$"))) {
                assertThat(app.send("query db select 1").sqlState()).isEqualTo("40001");
                assertThat(app.send("query db select 2").ok).isTrue();
                assertThat(conflict.injected()).isEqualTo(1);
                assertThat(conflict.matched()).isEqualTo(1);
            }
            assertThat(faults.active()).isEmpty();
            assertThat(app.send("query db select 1").ok).isTrue();
        }
    }

    @Test
    void byNameFindsTheOneJvmOfThatName() throws Exception {
        try (ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(),
                                ChildJvm.CLASSPATH,
                                OtherJvmTarget.class.getName(),
                                Collections.emptyMap());
                Faults faults = Faults.attach("OtherJvmTarget")) {
            assertThat(faults.describe())
                    .isEqualTo(app.pid() + " (" + OtherJvmTarget.class.getName() + ")");
            app.send("connect db jdbc:h2:mem:name");
            faults.enable(Fault.jdbcExecute().delay(Duration.ofMillis(800)));
            assertThat(app.send("query db select 1").millis).isGreaterThanOrEqualTo(800);
            assertThat(faults.disableAll()).isEqualTo(1);
            assertThat(app.send("query db select 1").millis).isLessThan(800);
        }
        assertThatThrownBy(() -> Faults.attach("NoSuchJvmAnywhere"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "no JVM of this user matches 'NoSuchJvmAnywhere' (faultline jvms lists them)");
    }

    /**
     * What the Testcontainers recipe relies on: the agent from JAVA_TOOL_OPTIONS, JMX with a
     * password, reached by host:port.
     */
    @Test
    void remoteJmxWithCredentials(@TempDir Path dir) throws Exception {
        Path passwords = dir.resolve("jmxremote.password");
        Files.write(passwords, "tester s3cret\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(
                passwords,
                PosixFilePermissions.fromString("rw-------")); // the JVM refuses a readable one
        Path access = dir.resolve("jmxremote.access");
        Files.write(access, "tester readwrite\n".getBytes(StandardCharsets.UTF_8));
        int port = freePort();
        try (ChildJvm app =
                ChildJvm.start(
                        Jdk.current(),
                        ChildJvm.CLASSPATH,
                        ChildJvm.JDBC_WORKLOAD,
                        Collections.singletonMap(
                                "JAVA_TOOL_OPTIONS", "-javaagent:" + Faults.agentJar()),
                        "-Dcom.sun.management.jmxremote.port=" + port,
                        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                        "-Djava.rmi.server.hostname=127.0.0.1",
                        "-Dcom.sun.management.jmxremote.authenticate=true",
                        "-Dcom.sun.management.jmxremote.ssl=false",
                        "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                        "-Dcom.sun.management.jmxremote.access.file=" + access)) {
            String address = "127.0.0.1:" + port;
            assertThatThrownBy(() -> Faults.remote(address, "tester", "wrong"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("JMX at " + address + " refused the credentials: ");
            app.send("connect db jdbc:h2:mem:remote");
            try (Faults faults = Faults.remote(address, "tester", "s3cret")) {
                assertThat(faults.describe()).isEqualTo(address);
                FaultHandle down = faults.enable(Fault.jdbcExecute().error().sqlState("08006"));
                assertThat(app.send("query db select 1").sqlState()).isEqualTo("08006");
                down.awaitInjected(1, Duration.ofSeconds(5));
                down.close();
                assertThat(app.send("query db select 1").ok).isTrue();
                assertThat(faults.active()).isEmpty();
            }
        }
    }

    @Test
    void aJvmThatForbidsTheAttachGetsTheFix() throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Jdk.current().java().toString(),
                                "-XX:+DisableAttachMechanism",
                                "-cp",
                                System.getProperty("java.class.path"),
                                SelfAttachProbe.class.getName()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output =
                new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output)
                .startsWith(
                        "java.lang.IllegalStateException: Faultline cannot load its agent into this test JVM:"
                                + " the JVM was started with -XX:+DisableAttachMechanism. Either start the test JVM with the agent,"
                                + " e.g. in Maven Surefire's configuration <argLine>-javaagent:");
        assertThat(output)
                .contains(
                        "or let it take the agent at run time: a full JDK, without -XX:+DisableAttachMechanism");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
