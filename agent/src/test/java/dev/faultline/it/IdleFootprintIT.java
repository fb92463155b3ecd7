// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An idle agent does not start Jackson (its 400-odd classes were a fifth of the memory
 * bench/footprint.sh measured): the status published at start-up and listed over JMX while no fault
 * exists is written without it. The first fault starts it, which shows the class-load log would
 * have caught it.
 */
class IdleFootprintIT {
    private static final String JACKSON = "dev.faultline.shaded.com.fasterxml.jackson.";
    private static final String MAPPER = JACKSON + "databind.ObjectMapper ";

    @Test
    void noJacksonUntilTheFirstFaultAndNoObjectMapperThen(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        try (ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(),
                                ChildJvm.javaagent("log=off"),
                                "-Xlog:class+load=info:file=" + classes + "::filecount=0");
                Jmx jmx = Jmx.connect(app.pid())) {
            // The MBean is registered after the status was published: both have happened.
            assertThat(jmx.list()).isEqualTo("[]");
            assertThat(new Jcmd(Jdk.current(), app.pid()).property("faultline.status"))
                    .isEqualTo("[]");
            // Calls through the instrumented driver, as the application's would be.
            assertThat(app.send("connect h2 jdbc:h2:mem:idle").ok).isTrue();
            assertThat(app.send("query h2 select 1").ok).isTrue();
            assertThat(loaded(classes, MAPPER)).isEmpty();
            // The verifier loads the few Jackson types the agent's classes name in signatures and
            // catch clauses (10 on JDK 17); the mapper brings 400-odd more.
            assertThat(loaded(classes, JACKSON)).hasSizeLessThan(20);
            // The agent's own classes are in the log, so it is the agent's log that was read.
            assertThat(loaded(classes, "dev.faultline.control.")).isNotEmpty();

            jmx.enable(
                    "{\"id\": \"first\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"match\": {\"sql\": \"select 2\"}}");
            assertThat(jmx.fault("first").get("point").asText()).isEqualTo("jdbc.execute");
            // A JSON spec is read with the streaming parser into a tree, the status written by the
            // agent itself: the first fault starts Jackson's parser, never its ObjectMapper (whose
            // serialisation and deserialisation are some 400 classes more).
            assertThat(loaded(classes, JACKSON + "core.JsonFactory ")).hasSize(1);
            assertThat(loaded(classes, JACKSON + "databind.node.ObjectNode ")).hasSize(1);
            assertThat(loaded(classes, MAPPER)).isEmpty();
            assertThat(loaded(classes, JACKSON)).hasSizeBetween(20, 150);
        }
    }

    private static List<String> loaded(Path log, String prefix) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("[class,load] " + prefix))
                .collect(Collectors.toList());
    }
}
