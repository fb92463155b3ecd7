// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbesTest {
    @Test
    void aDeltaProbeReportsTheIncreaseSinceItsFirstReadingAcrossACounterReset() throws Exception {
        Iterator<Object> counter =
                List.<Object>of(40L, 42L, 47L, 3L, 5L).iterator(); // the service restarted after 47
        Probes.Probe delta = Probes.sinceFirst("lost-events", counter::next);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.add(delta.read());
        }
        assertThat(values).containsExactly(0L, 2L, 7L, 10L, 12L);
    }

    @Test
    void aDeltaProbeRefusesAValueThatIsNotANumber() {
        Probes.Probe delta = Probes.sinceFirst("health", () -> "UP");
        assertThatThrownBy(delta::read)
                .hasMessage("probe health has delta: true but read UP, not a number");
    }
}
