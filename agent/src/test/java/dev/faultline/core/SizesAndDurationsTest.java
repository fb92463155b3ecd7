// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SizesAndDurationsTest {

    @Test
    void durationsInEveryForm() {
        assertThat(Durations.parse("d", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("d", "2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("d", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("d", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("d", "PT0.5S")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThatThrownBy(() -> Durations.parse("duration", "-PT1S"))
                .hasMessage(
                        "field 'duration': '-PT1S' is not a duration such as 250ms, 2s, 5m, 1h or PT5M");
    }

    @Test
    void delayRangesStayInsideTheirBounds() {
        DelayRange range = DelayRange.parse("delay", "100ms..300ms");
        Dice dice = new Dice(7L);
        for (int i = 0; i < 1000; i++) {
            assertThat(range.nextNanos(dice)).isBetween(100_000_000L, 300_000_000L);
        }
        assertThatThrownBy(() -> DelayRange.parse("delay", "300ms..100ms"))
                .hasMessageContaining("ends before it starts");
    }

    @Test
    void memorySizesAndHeapFractions() {
        assertThat(MemorySize.parseBytes("bytes", "10MB")).isEqualTo(10L << 20);
        assertThat(MemorySize.parseBytes("bytes", "64kb")).isEqualTo(64L << 10);
        assertThat(MemorySize.parse("cap", "0.5").bytes(1000)).isEqualTo(500);
        assertThat(MemorySize.parse("cap", "1GB").bytes(1000)).isEqualTo(1L << 30);
        assertThat(MemorySize.format(80L << 20)).isEqualTo("80MB");
        assertThatThrownBy(() -> MemorySize.parse("cap", "2"))
                .hasMessageStartingWith("field 'cap': '2' is neither a heap fraction");
        assertThatThrownBy(() -> MemorySize.parseBytes("bytes", "10 megs"))
                .hasMessageStartingWith("field 'bytes': '10 megs' is not a size");
    }
}
