// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Experiment 6's switches and the stock's seed.
 *
 * @param lease take the coordination lease {@code stock} around each read-modify-write of stock
 * @param fencing write only if the stock's fence token is not newer than this write's lease token
 * @param leaseTtl how long a lease lasts unless released
 * @param leaseWait how long a reservation waits for the lease before answering 503
 * @param initial stock of each SKU seeded into an empty database
 */
@ConfigurationProperties("sample.stock")
public record StockProperties(
        @DefaultValue("true") boolean lease,
        @DefaultValue("true") boolean fencing,
        @DefaultValue("2s") Duration leaseTtl,
        @DefaultValue("2s") Duration leaseWait,
        @DefaultValue("1000000") long initial) {}
