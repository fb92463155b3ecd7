// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import java.time.Instant;

/** An order as stored: RESERVED, or PENDING_RESERVATION when inventory could not be asked. */
public record Order(String orderId, String sku, int quantity, String status, Instant createdAt) {
    public static final String RESERVED = "RESERVED";
    public static final String PENDING_RESERVATION = "PENDING_RESERVATION";
}
