// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.junit.FaultlineTest;
import dev.faultline.junit.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Run by {@link ExtensionTest} with parallel execution on. */
@FaultlineTest
class ParallelExample {

    @Test
    void refusedBeside(Faults faults) {
        assertThat(faults).isNotNull();
    }

    /** The same test, run alone. */
    @Isolated
    @FaultlineTest
    static class IsolatedExample {
        @Test
        void allowedAlone(Faults faults) {
            assertThat(faults.active()).isEmpty();
        }
    }
}
