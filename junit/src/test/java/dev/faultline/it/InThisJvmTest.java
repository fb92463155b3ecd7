// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.junit.Fault;
import dev.faultline.junit.FaultHandle;
import dev.faultline.junit.Faults;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API alone (no extension) in the test JVM: the agent loads on first use, faults act on real
 * PostgreSQL and HTTP.
 */
class InThisJvmTest {
    private static Shop shop;
    private static Faults faults;

    @BeforeAll
    static void start() throws Exception {
        shop = Shop.get();
        faults = Faults.inThisJvm();
    }

    @AfterEach
    void nothingLeft() {
        faults.disableAll();
    }

    @Test
    void slowsTheMatchingQueriesWhileTheHandleIsOpen() throws Exception {
        FaultHandle slow;
        try (FaultHandle handle =
                faults.enable(
                        Fault.jdbcExecute()
                                .delay(Duration.ofMillis(1500))
                                .sql("(?i)from inventory"))) {
            slow = handle;
            long start = System.nanoTime();
            assertThat(shop.readStock("A")).isEqualTo(7);
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(1500);
            assertThat(shop.ping()).isEqualTo(1); // not matched: no delay, not counted
            assertThat(handle.matched()).isEqualTo(1);
            assertThat(handle.injected()).isEqualTo(1);
            assertThat(handle.active()).isTrue();
            assertThat(faults.active()).extracting(f -> f.get("id")).containsExactly(handle.id());
        }
        assertThat(faults.active()).isEmpty();
        assertThat(slow.active()).isFalse();
        assertThat(slow.injected())
                .as("the last counters stay with the closed handle")
                .isEqualTo(1);
        long start = System.nanoTime();
        shop.readStock("A");
        assertThat(millisSince(start)).isLessThan(1500);
    }

    /**
     * The example: the inventory query takes 2 s, the shop answers with the fallback within
     * its 1 s wait.
     */
    @Test
    void theShopFallsBackWhenTheInventoryIsSlow() throws Exception {
        try (FaultHandle slow =
                faults.enable(
                        Fault.jdbcExecute()
                                .delay(Duration.ofSeconds(2))
                                .sql("(?i)from inventory"))) {
            long start = System.nanoTime();
            assertThat(shop.stock("A")).isEqualTo(Shop.UNKNOWN_STOCK);
            assertThat(millisSince(start)).isBetween(Shop.STOCK_WAIT.toMillis(), 1900L);
            slow.awaitInjected(1, Duration.ofSeconds(5));
        }
        assertThat(shop.stock("A")).isEqualTo(7);
    }

    @Test
    void answersHttpRequestsWithoutSendingThem() throws Exception {
        String path = "/price/B";
        try (FaultHandle busy = faults.enable(Fault.httpClient().status(503).path("^/price/"))) {
            assertThat(shop.price("B")).isEqualTo(Shop.LIST_PRICE);
            busy.awaitInjected(1, Duration.ofSeconds(5));
            assertThat(shop.prices.requests(path))
                    .as("the request never reached the server")
                    .isZero();
        }
        assertThat(shop.price("B")).isEqualTo("B");
        assertThat(shop.prices.requests(path)).isEqualTo(1);
    }

    @Test
    void awaitFailsWithTheCountersWhenTheFaultDoesNotAct() {
        try (FaultHandle never =
                faults.enable(Fault.jdbcExecute().error().sql("(?i)from nowhere"))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> never.awaitInjected(1, Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(
                            "fault "
                                    + never.id()
                                    + " in "
                                    + faults.describe()
                                    + ": expected injected >= 1 within 300 ms, but matched 0, injected 0");
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(300);
        }
    }

    /**
     * A refusal only the running agent can make (an id in use) comes back with its message, and
     * changes nothing.
     */
    @Test
    void refusalsChangeNothing() {
        try (FaultHandle first =
                faults.enable(Fault.jdbcExecute().error().id("dup").sql("(?i)from nowhere"))) {
            assertThatThrownBy(() -> faults.enable(Fault.jdbcCommit().error().id("dup")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "field 'id': a fault with id 'dup' is already active; disable it first or choose another id");
            assertThatThrownBy(() -> faults.enable(Fault.jdbcCommit().error().sqlState("4001")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("field 'sqlState': '4001' is not an SQLState");
            assertThat(faults.active())
                    .extracting(f -> f.get("id"), f -> f.get("point"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("dup", "jdbc.execute"));
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
