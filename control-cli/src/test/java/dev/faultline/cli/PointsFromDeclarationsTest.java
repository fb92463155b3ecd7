// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What {@code faultline enable} offers and {@code faultline points} lists comes from the points'
 * own field declarations in the agent jar, not from a list in the CLI.
 */
class PointsFromDeclarationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theAgentModelCarriesEachPointsFieldsAsDeclared() {
        try (AgentModel model = AgentModel.withoutTargetLimits()) {
            AgentModel.Field sqlState = model.points().get("jdbc.execute").field("sqlState");
            assertThat(sqlState.option()).isEqualTo("--sql-state");
            assertThat(sqlState.actions()).containsExactly("error");
            assertThat(sqlState.form())
                    .isEqualTo("five digits or capital letters such as 40001 or 40P01");
            AgentModel.Field copies = model.points().get("kafka.send").field("copies");
            assertThat(copies.kind()).isEqualTo("number");
            assertThat(copies.defaultValue()).isEqualTo(2);
            assertThat(model.points().get("http.client").field("headers").option())
                    .isEqualTo("--header");
            // a field only a spec file gives
            assertThat(model.points().get("memory").field("rate").option()).isNull();
            assertThat(model.points().get("memory").field("rate").required()).isTrue();
            // points without fields of their own
            assertThat(model.points().get("dns.resolve").fields()).isEmpty();
            assertThat(model.points().get("kafka.send").field("sqlState")).isNull();
        }
    }

    @Test
    void enableOffersTheDeclaredOptionsWithTheirDescriptions() {
        StringWriter out = new StringWriter();
        int code =
                FaultlineCli.run(
                        new PrintWriter(out, true),
                        new PrintWriter(new StringWriter(), true),
                        "enable",
                        "--help");
        assertThat(code).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("--sql-state=<sqlState> SQLState of the SQLException")
                .contains("--copies=<copies> how many times the record is sent")
                .contains("(kafka.send duplicate; a whole number from 2 to 1000)")
                .contains("--header=name=value headers of the response")
                .doesNotContain("--rate");
    }

    @Test
    void pointsListsEveryPointWithItsFieldsAsJson() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            code = FaultlineCli.run("points", "--json");
        } finally {
            System.setOut(original);
        }
        assertThat(code).isZero();
        JsonNode points = JSON.readTree(printed.toString(StandardCharsets.UTF_8));
        JsonNode send = null;
        for (JsonNode point : points) {
            if (point.get("name").asText().equals("kafka.send")) {
                send = point;
            }
        }
        assertThat(send).isNotNull();
        assertThat(send.get("matchKeys")).isEqualTo(JSON.readTree("[\"topic\"]"));
        assertThat(send.get("fields"))
                .isEqualTo(
                        JSON.readTree(
                                "[{\"name\": \"copies\", \"actions\": [\"duplicate\"],"
                                        + " \"form\": \"a whole number from 2 to 1000\", \"kind\": \"number\","
                                        + " \"required\": false, \"defaultValue\": 2,"
                                        + " \"description\": \"how many times the record is sent, the send itself included\","
                                        + " \"option\": \"--copies\"}]"));
    }
}
