// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import dev.faultline.samples.support.resilience.DownstreamAnswer;
import dev.faultline.samples.support.resilience.DownstreamClient;
import dev.faultline.samples.support.resilience.DownstreamFailure;
import dev.faultline.samples.support.resilience.DownstreamProperties;
import dev.faultline.samples.support.web.ServiceException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Reserves an order's stock with inventory ({@code POST /reservations}, experiment 4's call).
 * Inventory's refusals (409 insufficient stock, 422 unknown SKU) are passed on to the client; when
 * inventory cannot be asked, the fallback accepts the order as PENDING_RESERVATION, or without it
 * the order is refused with 503 and the reason.
 */
public final class InventoryReservations {
    private static final Logger log = LoggerFactory.getLogger(InventoryReservations.class);

    private final DownstreamClient inventory;
    private final DownstreamProperties properties;

    public InventoryReservations(DownstreamClient inventory, DownstreamProperties properties) {
        this.inventory = inventory;
        this.properties = properties;
    }

    /** The status the order takes: RESERVED, or PENDING_RESERVATION by the fallback. */
    public String reserve(String orderId, String sku, int quantity) {
        DownstreamAnswer answer;
        try {
            answer =
                    inventory.send(
                            (http, url) ->
                                    http.post()
                                            .uri(url + "/reservations")
                                            .contentType(MediaType.APPLICATION_JSON)
                                            .body(
                                                    Map.of(
                                                            "orderId",
                                                            orderId,
                                                            "sku",
                                                            sku,
                                                            "quantity",
                                                            quantity)));
        } catch (DownstreamFailure e) {
            if (properties.isFallback()) {
                log.warn(
                        "order {} accepted as {}: inventory unavailable ({})",
                        orderId,
                        Order.PENDING_RESERVATION,
                        e.getMessage());
                return Order.PENDING_RESERVATION;
            }
            throw ServiceException.unavailable("inventory unavailable: " + e.getMessage(), e);
        }
        String reason = answer.text("error", "no reason given");
        return switch (answer.status()) {
            case 200, 201 -> Order.RESERVED;
            case 409 -> throw new ServiceException(HttpStatus.CONFLICT, reason);
            case 422 -> throw new ServiceException(HttpStatus.UNPROCESSABLE_ENTITY, reason);
            default ->
                    throw ServiceException.unavailable(
                            "inventory answered " + answer.status() + ": " + reason);
        };
    }
}
