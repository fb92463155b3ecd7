// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Experiment 2's switches.
 *
 * @param delivery {@code direct}: fire-and-forget send after the order is stored; {@code outbox}:
 *     the event is stored with the order and a relay publishes it
 * @param topic where order events go
 * @param outbox the outbox's bound
 */
@ConfigurationProperties("sample.events")
public record EventsProperties(
        @DefaultValue("outbox") Delivery delivery,
        @DefaultValue("order-events") String topic,
        @DefaultValue Outbox outbox) {

    public enum Delivery {
        DIRECT,
        OUTBOX
    }

    /**
     * @param maxPending unsent events over which new orders are refused with 503
     */
    public record Outbox(@DefaultValue("5000") long maxPending) {}
}
