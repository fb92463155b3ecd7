// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.junit.Faults;
import dev.faultline.junit.InjectFault;
import org.junit.jupiter.api.Test;

/** Run by {@link ExtensionTest}: a class-level fault for every test, and one more on a method. */
@InjectFault(
        point = "http.client",
        action = "status",
        with = "code=503",
        match = "path=^/price/",
        id = "prices-down")
class ClassLevelExample {

    private static Shop shop() {
        try {
            return Shop.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theClassFaultIsActive(Faults faults) {
        assertThat(shop().price("C")).isEqualTo(Shop.LIST_PRICE);
        assertThat(faults.active()).extracting(f -> f.get("id")).containsExactly("prices-down");
    }

    @Test
    @InjectFault(
            point = "jdbc.execute",
            action = "error",
            match = "sql=(?i)from inventory",
            id = "inventory-down")
    void andTheMethodsToo(Faults faults) {
        assertThat(faults.active())
                .extracting(f -> f.get("id"))
                .containsExactlyInAnyOrder("prices-down", "inventory-down");
    }
}
