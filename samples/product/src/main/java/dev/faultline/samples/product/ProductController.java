// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.product;

import dev.faultline.samples.support.web.ServiceException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /products/{sku}}. Experiment 7 leaks memory on each call of {@link #product} with a
 * {@code method leak} fault ({@code class: ProductController$, method: ^product$}).
 */
@RestController
public class ProductController {
    private final JdbcClient jdbc;

    public ProductController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Product(String sku, String name, long priceCents) {}

    @GetMapping("/products/{sku}")
    public Product product(@PathVariable String sku) {
        // A real query every time: no cache, so database faults reach the caller.
        return jdbc.sql("select sku, name, price_cents from products where sku = ?")
                .param(sku)
                .query(
                        (rs, row) ->
                                new Product(
                                        rs.getString("sku"),
                                        rs.getString("name"),
                                        rs.getLong("price_cents")))
                .optional()
                .orElseThrow(
                        () -> new ServiceException(HttpStatus.NOT_FOUND, "unknown product " + sku));
    }
}
