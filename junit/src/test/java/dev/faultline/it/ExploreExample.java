// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.it.explore.ProductPage;
import dev.faultline.junit.FaultlineExplore;
import dev.faultline.junit.Faults;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Run by {@link ExploreTest}: a product page must render within a second, whatever fails. Explore
 * mode records the page's calls (three SQL statements, one HTTP request) and tries each failure at
 * each; the page handles some and, on purpose, not others.
 */
class ExploreExample {
    static final Duration BUDGET = Duration.ofSeconds(1);
    static LoopbackHttpServer reviews;
    static ProductPage page;

    @BeforeAll
    static void start() throws Exception {
        reviews = new LoopbackHttpServer();
        page =
                new ProductPage(
                        Postgres.url(),
                        Postgres.user(),
                        Postgres.password(),
                        "http://127.0.0.1:" + reviews.port());
        // The budget is the page's steady state: the agent loaded, classes and connections warm.
        Faults.inThisJvm();
        for (int i = 0; i < 3; i++) {
            page.render("A");
        }
    }

    @AfterAll
    static void stop() {
        page.close();
        reviews.close();
    }

    @FaultlineExplore(slow = "1500ms", timeout = "3s")
    void rendersTheProductPageWithinASecond() throws Exception {
        long start = System.nanoTime();
        ProductPage.Page shown = page.render("A");
        assertThat(shown.name()).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
    }
}
