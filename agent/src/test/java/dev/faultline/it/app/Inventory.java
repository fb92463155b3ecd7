// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import java.io.IOException;

/**
 * A plain application class for {@code method} faults: no library, nothing instrumented up front.
 */
public final class Inventory {
    private int reservations;

    public int stock(String sku) {
        return sku.length() * 7;
    }

    public String describe(String sku) {
        return "item " + sku;
    }

    public void reserve(String sku) throws IOException {
        reservations++;
    }

    public int reservations() {
        return reservations;
    }
}
