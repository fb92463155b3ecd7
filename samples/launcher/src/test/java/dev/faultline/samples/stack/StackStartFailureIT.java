// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stack whose service cannot start says which service and why, and leaves nothing running. */
class StackStartFailureIT {
    private static final int BASE =
            20080; // with PostgreSQL at 17432 and the broker at 21092: every port below the

    // ephemeral range

    @Test
    void aServiceThatCannotStartIsNamedWithTheLastLinesOfItsLogAndEverythingIsStopped()
            throws Exception {
        Path directory = Paths.get("target", "it-stack-failure").toAbsolutePath();
        // A heap too small for any JVM: order exits at once with the JVM's own message.
        Command up =
                Command.stack(
                        "up",
                        "--base-port",
                        String.valueOf(BASE),
                        "--jvm",
                        "order=-Xmx1m",
                        "--dir",
                        directory.toString());
        try {
            assertThat(up.exitCode).as(up.toString()).isEqualTo(1);
            assertThat(up.err)
                    .as(up.toString())
                    .contains("the stack did not start: order exited with code 1 while starting")
                    .contains(directory.resolve("logs").resolve("order.log").toString())
                    .containsIgnoringCase("heap");
            Command status = Command.stack("status", "--json", "--dir", directory.toString());
            var state = Http.JSON.readTree(status.out);
            assertThat(state.path("state").asText()).isEqualTo("failed");
            ProcessHandle.of(state.path("supervisorPid").asLong())
                    .ifPresent(
                            supervisor ->
                                    Processes.waitForExit(
                                            supervisor, java.time.Duration.ofSeconds(10)));
            assertThat(Processes.alive(state.path("supervisorPid").asLong()))
                    .as("the supervisor exited")
                    .isFalse();
            for (var service : state.path("services")) {
                assertThat(Processes.alive(service.path("pid").asLong()))
                        .as(service.toString())
                        .isFalse();
            }
            assertThat(Processes.alive(state.path("kafka").path("pid").asLong())).isFalse();
            for (int port :
                    List.of(
                            BASE,
                            BASE + 1,
                            BASE + 2,
                            BASE + 3,
                            BASE + 4,
                            BASE - 2648,
                            BASE + 1012)) {
                assertThat(Processes.listening(port)).as("port %d", port).isFalse();
            }
        } finally {
            Command.stack("down", "--dir", directory.toString());
        }
    }
}
