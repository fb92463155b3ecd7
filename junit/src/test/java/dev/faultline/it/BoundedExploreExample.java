// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.junit.FaultlineExplore;
import dev.faultline.junit.FaultlineExplore.Failure;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Run by {@link ExploreTest}: the run bound, and an attribute explore mode cannot use. Shares
 * {@link ExploreExample}'s page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoundedExploreExample {

    @Order(1)
    @FaultlineExplore(failures = Failure.ERROR, maxRuns = 3)
    void bounded() throws Exception {
        assertThat(ExploreExample.page.render("A").name()).isNotNull();
    }

    @Order(2)
    @FaultlineExplore(points = "memory")
    void memoryCallsCannotBeRecorded() {}

    private static int renders;

    /**
     * Renders the page on its first run only: the runs after the recording one do not make its
     * calls again.
     */
    @Order(3)
    @FaultlineExplore(failures = Failure.ERROR, points = "http.client")
    void rendersOnlyOnce() throws Exception {
        if (renders++ == 0) {
            ExploreExample.page.render("A");
        }
    }

    /** Fails without any fault: nothing to explore. */
    @Order(4)
    @FaultlineExplore
    void failsWithoutFaults() {
        throw new IllegalStateException("broken before any fault");
    }
}
