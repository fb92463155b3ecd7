// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.cli.AgentModel;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The builders against the agent's own declarations and parser (no JVM is touched here). */
class FaultBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every point the agent declares is reachable with no change here ({@code Fault.point(name)},
     * its actions and match keys read from the declaration), and each typed factory is named after
     * a point the agent still declares.
     */
    @Test
    void everyDeclaredPointIsBuildableAndEveryFactoryNamesOne() throws Exception {
        for (Map.Entry<String, AgentModel.Point> point : Declarations.model().points().entrySet()) {
            FaultBuilder builder = Fault.point(point.getKey());
            assertThat(builder.point()).isEqualTo(point.getKey());
        }
        Map<String, String> factories = new TreeMap<>();
        for (Method method : Fault.class.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers())
                    && method.getParameterCount() == 0
                    && method.getReturnType() == FaultBuilder.class) {
                factories.put(((FaultBuilder) method.invoke(null)).point(), method.getName());
            }
        }
        assertThat(Declarations.model().points().keySet())
                .as("points the agent declares")
                .containsAll(factories.keySet());
        factories.forEach(
                (point, factory) ->
                        assertThat(factory)
                                .as("the factory of " + point)
                                .isEqualTo(camelCase(point)));
    }

    @Test
    void writesTheAgentsSpec() throws Exception {
        FaultBuilder slow =
                Fault.jdbcExecute()
                        .delay(Duration.ofSeconds(2))
                        .sql("(?i)from inventory")
                        .id("slow-inventory");
        assertThat(JSON.readTree(slow.toJson()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"id\":\"slow-inventory\",\"point\":\"jdbc.execute\",\"action\":\"delay\",\"delay\":\"2000ms\","
                                        + "\"match\":{\"sql\":\"(?i)from inventory\"},\"duration\":\"120000ms\"}"));

        FaultBuilder busy =
                Fault.httpClient()
                        .status(503)
                        .body("busy")
                        .header("Retry-After", "5")
                        .host("inventory")
                        .probability(0.5)
                        .lasting(Duration.ofSeconds(30));
        assertThat(JSON.readTree(busy.toJson()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"point\":\"http.client\",\"action\":\"status\",\"code\":503,\"body\":\"busy\",\"probability\":0.5,"
                                        + "\"headers\":{\"Retry-After\":\"5\"},\"match\":{\"host\":\"inventory\"},\"duration\":\"30000ms\"}"));

        assertThat(JSON.readTree(Fault.kafkaSend().hang().topic("orders").toJson()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"point\":\"kafka.send\",\"action\":\"hang\",\"match\":{\"topic\":\"orders\"},\"duration\":\"120000ms\"}"));
    }

    /** Every builder the documentation shows is one the agent's parser takes. */
    @Test
    void theAgentTakesWhatTheBuildersMake() {
        for (FaultBuilder fault :
                new FaultBuilder[] {
                    Fault.jdbcExecute().delay(Duration.ofSeconds(2)).sql("(?i)from inventory"),
                    Fault.jdbcExecute().delay(Duration.ofMillis(100), Duration.ofMillis(900)),
                    Fault.jdbcCommit()
                            .error()
                            .sqlState("40001")
                            .message("could not serialize access"),
                    Fault.jdbcConnect().error(SQLTransientConnectionException.class),
                    Fault.jdbcPool().exhaust(),
                    Fault.httpClient().status(503).host("inventory"),
                    Fault.httpClient().error("timeout").path("^/stock"),
                    Fault.kafkaSend().hang().topic("orders"),
                    Fault.kafkaSend().duplicate(3),
                    Fault.kafkaSend().drop().limit(1),
                    Fault.kafkaPoll().delay(Duration.ofSeconds(1)),
                    Fault.dnsResolve().error().host("^inventory$"),
                    Fault.netConnect().hang().port("^5432$").after(2),
                    Fault.memory().action("leak").with("rate", "1MB/s").with("cap", "16MB"),
                    Fault.method()
                            .returning(0)
                            .matching("class", "com.example.Stock")
                            .matching("method", "count"),
                    Fault.point("jdbc.execute").error(),
                }) {
            assertThat(Declarations.model().problem(fault.toJson())).as(fault.toJson()).isNull();
        }
    }

    @Test
    void refusesWhatThePointDoesNotDeclare() {
        AgentModel.Point commit = Declarations.model().points().get("jdbc.commit");
        assertThatThrownBy(() -> Fault.jdbcCommit().hang())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "field 'action': jdbc.commit has no action 'hang'; expected one of "
                                + String.join(", ", commit.actions()));
        assertThatThrownBy(() -> Fault.jdbcExecute().host("db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "field 'match.host': jdbc.execute has no match key 'host'; expected one of sql, url");
        assertThatThrownBy(() -> Fault.point("jdbc.query"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "field 'point': unknown point 'jdbc.query'; expected one of jdbc.connect, jdbc.execute");
        assertThatThrownBy(() -> Fault.jdbcExecute().delay(Duration.ofSeconds(1)).error())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'action': already 'delay'");
        assertThatThrownBy(() -> Fault.jdbcExecute().toJson())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'action': required; jdbc.execute supports delay, error, hang");
        assertThatThrownBy(() -> Fault.jdbcExecute().delay(Duration.ofNanos(1500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'delay'");
        assertThatThrownBy(() -> Fault.jdbcExecute().error().lasting(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field 'duration': expected a positive duration");
    }

    /**
     * What only the agent's parser can judge is judged by it, with its message, before anything is
     * enabled.
     */
    @Test
    void refusesWhatTheAgentsParserRefuses() {
        assertThatThrownBy(() -> Fault.jdbcCommit().error().sqlState("4001").validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "field 'sqlState': '4001' is not an SQLState; expected five digits or capital letters such as 40001 or 40P01");
        assertThatThrownBy(() -> Fault.jdbcExecute().error().probability(1.5).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "field 'probability': 1.5 is out of range; expected a number from 0 to 1");
        assertThatThrownBy(
                        () -> Fault.jdbcExecute().error().lasting(Duration.ofHours(2)).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "field 'duration': 7200000ms exceeds this agent's max-duration of 1h");
    }

    @Test
    void annotationsMakeTheSameSpec() throws Exception {
        @InjectFault(
                point = "jdbc.execute",
                action = "error",
                match = "sql=(?i)from inventory",
                with = "sqlState=40001",
                probability = 0.25,
                duration = "30s",
                id = "inventory-conflict")
        final class Annotated {}
        InjectFault annotation = Annotated.class.getAnnotation(InjectFault.class);
        assertThat(JSON.readTree(FaultlineExtension.builder(annotation, Annotated.class).toJson()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"id\":\"inventory-conflict\",\"point\":\"jdbc.execute\",\"action\":\"error\",\"sqlState\":\"40001\",\"probability\":0.25,"
                                        + "\"match\":{\"sql\":\"(?i)from inventory\"},\"duration\":\"30000ms\"}"));

        @InjectFault(point = "jdbc.execute", action = "error", match = "sql")
        final class BadMatch {}
        assertThatThrownBy(
                        () ->
                                FaultlineExtension.builder(
                                        BadMatch.class.getAnnotation(InjectFault.class),
                                        BadMatch.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@InjectFault(point = \"jdbc.execute\") on ")
                .hasMessageEndingWith(
                        "BadMatch: match: 'sql' is not key=value; expected e.g. sql=(?i)from inventory");
    }

    private static String camelCase(String point) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : point.toCharArray()) {
            if (c == '.') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
