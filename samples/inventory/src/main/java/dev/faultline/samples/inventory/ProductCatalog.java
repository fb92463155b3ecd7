// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import dev.faultline.samples.support.resilience.DownstreamAnswer;
import dev.faultline.samples.support.resilience.DownstreamClient;
import dev.faultline.samples.support.resilience.DownstreamFailure;
import dev.faultline.samples.support.resilience.DownstreamProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Asks product whether a SKU exists before stock is reserved (the order → inventory → product chain
 * of experiment 4). With {@code sample.product-client.fallback}, a product service that does not
 * answer is replaced by the stock table's knowledge of the SKU.
 */
public final class ProductCatalog {
    private static final Logger log = LoggerFactory.getLogger(ProductCatalog.class);

    private final DownstreamClient product;
    private final DownstreamProperties properties;
    private final StockLedger ledger;

    public ProductCatalog(
            DownstreamClient product, DownstreamProperties properties, StockLedger ledger) {
        this.product = product;
        this.properties = properties;
        this.ledger = ledger;
    }

    /**
     * Returns when the SKU exists; refuses with 422 when it does not, 503 when product cannot tell.
     */
    public void verify(String sku) {
        DownstreamAnswer answer;
        try {
            answer = product.send((http, url) -> http.get().uri(url + "/products/{sku}", sku));
        } catch (DownstreamFailure e) {
            if (properties.isFallback() && ledger.knows(sku)) {
                log.warn(
                        "product unavailable ({}): {} accepted because the stock table knows it",
                        e.getMessage(),
                        sku);
                return;
            }
            throw new ReservationRefused(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "failed",
                    "product unavailable: " + e.getMessage());
        }
        if (answer.status() == HttpStatus.NOT_FOUND.value()) {
            throw new ReservationRefused(
                    HttpStatus.UNPROCESSABLE_ENTITY, "failed", "unknown SKU " + sku);
        }
        if (answer.status() != HttpStatus.OK.value()) {
            throw new ReservationRefused(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "failed",
                    "product answered "
                            + answer.status()
                            + ": "
                            + answer.text("error", "no reason given"));
        }
    }
}
