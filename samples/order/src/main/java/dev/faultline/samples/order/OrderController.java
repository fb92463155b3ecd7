// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import dev.faultline.samples.support.web.ServiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {
    static final int MAX_QUANTITY = 1000;

    private final OrderService service;
    private final OrderStore orders;
    private final OrderEvents events;
    private final EventCounters counters;
    private final EventsProperties eventsProperties;

    public OrderController(
            OrderService service,
            OrderStore orders,
            OrderEvents events,
            EventCounters counters,
            EventsProperties eventsProperties) {
        this.service = service;
        this.orders = orders;
        this.events = events;
        this.counters = counters;
        this.eventsProperties = eventsProperties;
    }

    public record OrderRequest(String sku, Integer quantity) {}

    /** 201 RESERVED, or 202 PENDING_RESERVATION when the fallback accepted it without inventory. */
    @PostMapping("/orders")
    public ResponseEntity<Map<String, Object>> place(@RequestBody OrderRequest request) {
        if (request.sku() == null || request.sku().isBlank()) {
            throw ServiceException.badRequest("sku", "required");
        }
        if (request.quantity() == null
                || request.quantity() < 1
                || request.quantity() > MAX_QUANTITY) {
            throw ServiceException.badRequest(
                    "quantity", "expected a whole number from 1 to " + MAX_QUANTITY);
        }
        Order order = service.place(request.sku().trim(), request.quantity());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", order.orderId());
        body.put("status", order.status());
        return ResponseEntity.status(
                        Order.RESERVED.equals(order.status())
                                ? HttpStatus.CREATED
                                : HttpStatus.ACCEPTED)
                .body(body);
    }

    @GetMapping("/orders/{id}")
    public Order order(@PathVariable String id) {
        return orders.find(id)
                .orElseThrow(
                        () -> new ServiceException(HttpStatus.NOT_FOUND, "unknown order " + id));
    }

    /** Events counted since this process started; orders and outbox over the whole database. */
    @GetMapping("/orders/stats")
    public Map<String, Object> stats() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orders", orders.count());
        body.put("eventsPublished", counters.published());
        body.put("eventsFailed", counters.failed());
        // Events of accepted orders that will never reach the broker: a direct send that failed is
        // not tried again; the outbox keeps every event until the broker acknowledges it.
        body.put(
                "eventsLost",
                eventsProperties.delivery() == EventsProperties.Delivery.DIRECT
                        ? counters.failed()
                        : 0);
        body.put("outboxPending", events.pending());
        body.put("delivery", eventsProperties.delivery().name().toLowerCase());
        return body;
    }
}
