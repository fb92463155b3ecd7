// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.samples.support.ServiceIdentity;
import dev.faultline.samples.support.coordination.CoordinationClient;
import dev.faultline.samples.support.coordination.ServiceDiscovery;
import dev.faultline.samples.support.http.RestClients;
import dev.faultline.samples.support.resilience.DownstreamClient;
import dev.faultline.samples.support.resilience.DownstreamGuard;
import dev.faultline.samples.support.resilience.DownstreamProperties;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inventory: stock and reservations in PostgreSQL, the stock lease, and the consumer of order
 * events.
 */
@SpringBootApplication
@EnableConfigurationProperties({StockProperties.class, ConsumerProperties.class})
public class InventoryApplication {
    public static void main(String[] args) {
        SpringApplication.run(InventoryApplication.class, args);
    }

    @Bean
    InventorySchema inventorySchema(
            JdbcTemplate jdbc, TransactionTemplate transaction, StockProperties stock) {
        return new InventorySchema(jdbc, transaction, stock.initial());
    }

    @Bean
    StockLedger stockLedger(JdbcClient jdbc, InventorySchema schema) {
        return new StockLedger(jdbc);
    }

    @Bean
    EventLedger eventLedger(JdbcClient jdbc, InventorySchema schema) {
        return new EventLedger(jdbc);
    }

    @Bean
    StockLease stockLease(
            CoordinationClient coordination, ServiceIdentity identity, StockProperties stock) {
        return new StockLease(
                coordination, identity.instanceId(), stock.leaseTtl(), stock.leaseWait());
    }

    @Bean
    ProductCatalog productCatalog(
            DownstreamClient productClient,
            DownstreamProperties productClientProperties,
            StockLedger ledger) {
        return new ProductCatalog(productClient, productClientProperties, ledger);
    }

    @Bean
    ReservationService reservationService(
            ProductCatalog catalog,
            StockLedger ledger,
            StockLease lease,
            StockProperties stock,
            TransactionTemplate transaction,
            ServiceIdentity identity) {
        return new ReservationService(catalog, ledger, lease, stock, transaction, identity);
    }

    @Bean
    OrderEventProcessor orderEventProcessor(
            EventLedger events,
            TransactionTemplate transaction,
            ConsumerProperties consumer,
            ServiceIdentity identity) {
        return new OrderEventProcessor(
                events, transaction, consumer.dedupe(), identity.instanceId());
    }

    @Bean
    OrderEventConsumer orderEventConsumer(
            OrderEventProcessor processor,
            ObjectMapper json,
            ConsumerProperties consumer,
            ServiceIdentity identity,
            Environment environment) {
        return new OrderEventConsumer(
                processor,
                json,
                consumer,
                environment.getProperty("sample.kafka.bootstrap-servers", "127.0.0.1:19092"),
                environment.getProperty("sample.events.topic", "order-events"),
                identity.instanceId());
    }

    @Bean
    @ConfigurationProperties("sample.product-client")
    DownstreamProperties productClientProperties() {
        return new DownstreamProperties();
    }

    @Bean
    DownstreamClient productClient(
            DownstreamProperties productClientProperties,
            ServiceDiscovery discovery,
            RestClients restClients,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads) {
        return new DownstreamClient(
                "product",
                discovery,
                restClients.create(productClientProperties.getTimeout()),
                new DownstreamGuard(
                        "product", productClientProperties, circuitBreakers, bulkheads));
    }
}
