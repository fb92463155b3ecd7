// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.product;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Product Catalog: products in PostgreSQL, read on every request. */
@SpringBootApplication
public class ProductApplication {
    public static void main(String[] args) {
        SpringApplication.run(ProductApplication.class, args);
    }
}
