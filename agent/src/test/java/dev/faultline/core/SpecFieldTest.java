// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A point declares a field of its own, and the parser reads, checks and shows it with no edit in
 * core: the point here exists only in this test.
 */
class SpecFieldTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A point of a made-up queue library with a {@code lag} field of its own. */
    static final class QueuePoint extends AbstractInjectionPoint {
        static final SpecField<Integer> LAG =
                SpecField.of("lag", SpecForms.wholeNumber(1, 60, "a whole number from 1 to 60"))
                        .actions(Action.DELAY)
                        .byDefault(5)
                        .listed()
                        .describedAs("seconds the queue lags behind");
        static final SpecField<Boolean> DURABLE =
                SpecField.of("durable", SpecForms.bool())
                        .actions(Action.ERROR)
                        .required()
                        .describedAs("whether the lost message was durable");

        QueuePoint() {
            super(
                    "queue.send",
                    EnumSet.of(Action.DELAY, Action.ERROR),
                    Collections.singletonList("queue"));
        }

        @Override
        public List<SpecField<?>> fields() {
            return Arrays.asList(
                    LAG,
                    DURABLE,
                    SpecField.refusal("copies", "does not apply; a queue sends once"));
        }

        @Override
        public String matchValue(String key, Object target, Object detail) {
            return (String) detail;
        }

        @Override
        public void validate(FaultSpec spec) {}

        @Override
        public Throwable error(FaultSpec spec, Object target, String detail) {
            return new IllegalStateException("lost");
        }
    }

    private final SpecParser parser =
            new SpecParser(
                    new PointCatalog(Collections.singletonList(new QueuePoint())),
                    AgentPolicy.defaults());

    @Test
    void aDeclaredFieldIsReadWithItsDefaultAndShownInTheList() throws Exception {
        FaultSpec given =
                parser.parseJson(
                                "{\"point\": \"queue.send\", \"action\": \"delay\", \"delay\": \"1s\", \"lag\": \"7\"}")
                        .get(0);
        assertThat(given.get(QueuePoint.LAG)).isEqualTo(7);
        assertThat(given.has(QueuePoint.LAG)).isTrue();
        FaultSpec defaulted =
                parser.parseJson(
                                "{\"point\": \"queue.send\", \"action\": \"delay\", \"delay\": \"1s\"}")
                        .get(0);
        assertThat(defaulted.get(QueuePoint.LAG)).isEqualTo(5);
        assertThat(defaulted.has(QueuePoint.LAG)).isFalse();
        JsonNode shown = JSON.valueToTree(defaulted.toMap());
        assertThat(shown.get("lag")).isEqualTo(JSON.readTree("5"));
        assertThat(shown.has("durable")).isFalse();
        assertThat(defaulted.describe()).contains(" lag=5 ");
    }

    @Test
    void theParserListsTheDeclaredFieldsBesideTheSharedOnes() {
        assertThat(parser.fields())
                .containsExactly(
                        "id",
                        "point",
                        "action",
                        "delay",
                        "error",
                        "message",
                        "lag",
                        "durable",
                        "match",
                        "probability",
                        "after",
                        "limit",
                        "duration",
                        "seed");
        assertThat(parser.isScalarField("lag")).isTrue();
        assertThat(parser.isBooleanField("durable")).isTrue();
        assertThat(parser.isScalarField("match")).isFalse();
    }

    @Test
    void aDeclaredFieldIsCheckedNamingItAndTheExpectedForm() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"queue.send\", \"action\": \"delay\", \"delay\": \"1s\", \"lag\": 99}"))
                .isInstanceOf(SpecException.class)
                .hasMessage(
                        "field 'lag': 99 is out of range; expected a whole number from 1 to 60");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"queue.send\", \"action\": \"error\", \"lag\": 3, \"durable\": true}"))
                .hasMessage("field 'lag': applies to action 'delay' only");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"queue.send\", \"action\": \"error\"}"))
                .hasMessage("field 'durable': required for action 'error'; expected true or false");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"queue.send\", \"action\": \"error\", \"durable\": \"yes\"}"))
                .hasMessage("field 'durable': expected true or false");
    }

    @Test
    void aFieldOfNoPointIsUnknownAndARefusedOneGetsThePointsMessage() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"queue.send\", \"action\": \"delay\", \"delay\": \"1s\", \"sqlState\": \"40001\"}"))
                .hasMessageStartingWith(
                        "field 'sqlState': unknown field; expected one of id, point, action, delay, error, message, lag, durable");
        // refusals are not fields of their own: copies stays unknown to a catalogue without kafka
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"queue.send\", \"action\": \"delay\", \"delay\": \"1s\", \"copies\": 2}"))
                .hasMessageStartingWith("field 'copies': unknown field");
    }

    @Test
    void helpDescribesTheFieldFromItsDeclaration() {
        assertThat(QueuePoint.LAG.describe())
                .containsEntry("name", "lag")
                .containsEntry("actions", Collections.singletonList("delay"))
                .containsEntry("form", "a whole number from 1 to 60")
                .containsEntry("kind", "number")
                .containsEntry("default", 5)
                .containsEntry("description", "seconds the queue lags behind");
    }
}
