// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import java.time.Instant;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places an order: checks the event delivery can take one more event, reserves stock with
 * inventory, stores the order (with its outbox event, in outbox mode) in one transaction, then lets
 * the event go (direct mode sends it here).
 */
public final class OrderService {
    private final InventoryReservations inventory;
    private final OrderStore orders;
    private final OrderEvents events;
    private final TransactionTemplate transaction;

    public OrderService(
            InventoryReservations inventory,
            OrderStore orders,
            OrderEvents events,
            TransactionTemplate transaction) {
        this.inventory = inventory;
        this.orders = orders;
        this.events = events;
        this.transaction = transaction;
    }

    public Order place(String sku, int quantity) {
        events.checkCapacity();
        String orderId = UUID.randomUUID().toString();
        String status = inventory.reserve(orderId, sku, quantity);
        Order order = new Order(orderId, sku, quantity, status, Instant.now());
        transaction.executeWithoutResult(
                tx -> {
                    orders.insert(order);
                    events.stored(order);
                });
        events.committed(order);
        return order;
    }
}
