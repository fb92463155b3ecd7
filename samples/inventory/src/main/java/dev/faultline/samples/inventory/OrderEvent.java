// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** The event order publishes on {@code order-events}, as inventory reads it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderEvent(
        UUID eventId,
        String orderId,
        String sku,
        int quantity,
        String status,
        long seq,
        String producedBy,
        String createdAt) {}
