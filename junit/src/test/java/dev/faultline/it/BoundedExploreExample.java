package dev.faultline.it;

import dev.faultline.junit.FaultlineExplore;
import dev.faultline.junit.FaultlineExplore.Failure;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** Run by {@link ExploreTest}: the run bound, and an attribute explore mode cannot use. Shares {@link ExploreExample}'s page. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoundedExploreExample {

    @Order(1)
    @FaultlineExplore(failures = Failure.ERROR, maxRuns = 3)
    void bounded() throws Exception {
        assertThat(ExploreExample.page.render("A").name()).isNotNull();
    }

    @Order(2)
    @FaultlineExplore(points = "memory")
    void memoryCallsCannotBeRecorded() {
    }
}
