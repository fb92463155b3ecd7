// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.cli.experiment.Series.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The time bounds of conditions, decided on samples one second apart; the fault window is 10 s..30
 * s.
 */
class JudgeTest {
    private static final Judge.Window FAULT = new Judge.Window(10_000, 30_000);

    /** {@code values[i]} sampled at {@code i} seconds; {@code null} is a failed sample. */
    private static List<Sample> samples(Object... values) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(
                    new Sample(
                            i * 1000L, values[i], values[i] == null ? "connection refused" : null));
        }
        return samples;
    }

    private static List<Sample> breaker(int opensAt, int closesAt) {
        Object[] states = new Object[45];
        for (int i = 0; i < states.length; i++) {
            states[i] = i >= opensAt && i < closesAt ? "OPEN" : "CLOSED";
        }
        return samples(states);
    }

    private static Condition condition(
            String text, Condition.Mode mode, int seconds, boolean afterEnd) {
        return new Condition(
                text,
                Expression.parseOrNull(text),
                mode,
                Duration.ofSeconds(seconds),
                Condition.FAULTS,
                afterEnd,
                1);
    }

    @Test
    void expressionsCompareNumbersWithUnitsAndTextWithoutCase() {
        assertThat(Expression.parseOrNull("shop.p99 < 800ms").test(799.0)).isTrue();
        assertThat(Expression.parseOrNull("shop.p99 < 1s").test(1000L)).isFalse();
        assertThat(Expression.parseOrNull("heap < 200MB").test(150 * 1024 * 1024)).isTrue();
        assertThat(Expression.parseOrNull("rate >= 99%").test(99.0)).isTrue();
        assertThat(Expression.parseOrNull("health is UP").test("up")).isTrue();
        assertThat(Expression.parseOrNull("breaker is not OPEN").test("CLOSED")).isTrue();
        assertThat(Expression.parseOrNull("status is \"200\"").test(200))
                .isTrue(); // quoted: compared as text
        assertThat(Expression.parseOrNull("health is UP").test(null)).isFalse();
        assertThat(Expression.parseOrNull("health < UP")).isNull();
        assertThat(Expression.parseOrNull("no operator here")).isNull();
    }

    @Test
    void withinCountsFromTheFaultsStartOrEnd() {
        Judge.Verdict opens =
                Judge.expectation(
                        condition("breaker is OPEN", Condition.Mode.WITHIN, 5, false),
                        breaker(13, 33),
                        FAULT,
                        45_000);
        assertThat(opens.verdict()).isEqualTo(Judge.HELD);
        assertThat(opens.detect()).isEqualTo(3000);
        Judge.Verdict late =
                Judge.expectation(
                        condition("breaker is OPEN", Condition.Mode.WITHIN, 2, false),
                        breaker(13, 33),
                        FAULT,
                        45_000);
        assertThat(late.verdict()).isEqualTo(Judge.VIOLATED);
        assertThat(late.detail()).isEqualTo("only after 3s");
        Judge.Verdict closes =
                Judge.expectation(
                        condition("breaker is CLOSED", Condition.Mode.WITHIN, 5, true),
                        breaker(13, 33),
                        FAULT,
                        45_000);
        assertThat(closes.verdict()).isEqualTo(Judge.HELD);
        assertThat(closes.detect()).isEqualTo(3000);
    }

    @Test
    void alwaysNeverAndForAtLeastLookInsideTheWindow() {
        List<Sample> rate =
                samples(
                        100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0,
                        100.0, 80.0, 40.0, null, 90.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0,
                        100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 50.0);
        Judge.Verdict always =
                Judge.expectation(
                        condition("rate >= 95%", Condition.Mode.ALWAYS, 0, false),
                        rate,
                        FAULT,
                        40_000);
        assertThat(always.verdict()).isEqualTo(Judge.VIOLATED);
        assertThat(always.firstViolation()).isEqualTo(12_000);
        assertThat(always.worst()).isEqualTo(40.0);
        assertThat(always.detect()).isEqualTo(2000);
        assertThat(always.recover())
                .isEqualTo(16_000 - 30_000); // recovered while the fault was still on
        assertThat(
                        Judge.expectation(
                                        condition("rate < 10", Condition.Mode.NEVER, 0, false),
                                        rate,
                                        FAULT,
                                        40_000)
                                .verdict())
                .isEqualTo(Judge.HELD);
        assertThat(
                        Judge.expectation(
                                        condition(
                                                "breaker is OPEN",
                                                Condition.Mode.FOR_AT_LEAST,
                                                15,
                                                false),
                                        breaker(13, 33),
                                        FAULT,
                                        45_000)
                                .verdict())
                .isEqualTo(Judge.HELD);
        assertThat(
                        Judge.expectation(
                                        condition(
                                                "breaker is OPEN",
                                                Condition.Mode.FOR_AT_LEAST,
                                                25,
                                                false),
                                        breaker(13, 33),
                                        FAULT,
                                        45_000)
                                .detail())
                .isEqualTo("held for 17s at most");
    }

    @Test
    void aSteadyStateRecoversWhenItHoldsFromSomeSampleOn() {
        List<Sample> health =
                samples("UP", "UP", "DOWN", "DOWN", "DOWN", "UP", "DOWN", "UP", "UP", "UP");
        Judge.Verdict recovered =
                Judge.after(Expression.parseOrNull("health is UP"), health, 2000, 1000, 6000);
        assertThat(recovered.verdict()).isEqualTo(Judge.HELD);
        assertThat(recovered.recover()).isEqualTo(6000);
        assertThat(
                        Judge.after(
                                        Expression.parseOrNull("health is UP"),
                                        health,
                                        2000,
                                        1000,
                                        4000)
                                .verdict())
                .isEqualTo(Judge.VIOLATED);
        assertThat(Judge.breachedSince(Expression.parseOrNull("health is UP"), health))
                .isEqualTo(7000);
    }
}
