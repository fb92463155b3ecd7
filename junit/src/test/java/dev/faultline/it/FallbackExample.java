// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.junit.Fault;
import dev.faultline.junit.FaultlineTest;
import dev.faultline.junit.Faults;
import dev.faultline.junit.InjectFault;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Run by {@link ExtensionTest}: faults from annotations and from the Faults parameter; one test
 * fails while its fault is active.
 */
@FaultlineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FallbackExample {

    @Test
    @Order(1)
    @InjectFault(
            point = "jdbc.execute",
            action = "delay",
            delay = "2s",
            match = "sql=(?i)from inventory",
            id = "slow-inventory")
    void answersWithTheFallbackWhenTheInventoryIsSlow(Faults faults) throws Exception {
        long start = System.nanoTime();
        assertThat(Shop.get().stock("A")).isEqualTo(Shop.UNKNOWN_STOCK);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1900);
        faults.handle("slow-inventory").awaitInjected(1, Duration.ofSeconds(5));
    }

    /** Enables a fault and never closes it. */
    @Test
    @Order(2)
    void forgetsToCloseItsHandle(Faults faults) {
        faults.enable(Fault.jdbcExecute().error().sql("(?i)from inventory"));
    }

    @Test
    @Order(3)
    void startsWithNoFaultLeft(Faults faults) throws Exception {
        assertThat(faults.active()).isEmpty();
        assertThat(Shop.get().readStock("A")).isEqualTo(7);
    }

    /**
     * Fails on purpose: the injected error reaches the code, and the fault must still end after the
     * test.
     */
    @Test
    @Order(4)
    @InjectFault(
            point = "jdbc.execute",
            action = "error",
            match = "sql=(?i)from inventory",
            with = "sqlState=40001")
    void failsWhileItsFaultIsActive() throws Exception {
        Shop.get().readStock("A");
    }

    @Test
    @Order(5)
    void startsWithNoFaultLeftAfterAFailure(Faults faults) throws Exception {
        assertThat(faults.active()).isEmpty();
        assertThat(Shop.get().readStock("A")).isEqualTo(7);
    }
}
