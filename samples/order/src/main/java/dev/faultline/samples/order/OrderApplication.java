// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.samples.support.ServiceIdentity;
import dev.faultline.samples.support.coordination.ServiceDiscovery;
import dev.faultline.samples.support.http.RestClients;
import dev.faultline.samples.support.resilience.DownstreamClient;
import dev.faultline.samples.support.resilience.DownstreamGuard;
import dev.faultline.samples.support.resilience.DownstreamProperties;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Orders: reserves stock with inventory, stores the order, and publishes its event. */
@SpringBootApplication
@EnableConfigurationProperties(EventsProperties.class)
public class OrderApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrderApplication.class, args);
    }

    @Bean
    @ConfigurationProperties("sample.inventory-client")
    DownstreamProperties inventoryClientProperties() {
        return new DownstreamProperties();
    }

    @Bean
    InventoryReservations inventoryReservations(
            DownstreamProperties inventoryClientProperties,
            ServiceDiscovery discovery,
            RestClients restClients,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads) {
        DownstreamClient client =
                new DownstreamClient(
                        "inventory",
                        discovery,
                        restClients.create(inventoryClientProperties.getTimeout()),
                        new DownstreamGuard(
                                "inventory",
                                inventoryClientProperties,
                                circuitBreakers,
                                bulkheads));
        return new InventoryReservations(client, inventoryClientProperties);
    }

    @Bean
    OrderStore orderStore(JdbcClient jdbc) {
        return new OrderStore(jdbc);
    }

    @Bean
    EventCounters eventCounters() {
        return new EventCounters();
    }

    @Bean
    OrderService orderService(
            InventoryReservations inventory,
            OrderStore orders,
            OrderEvents events,
            TransactionTemplate transaction) {
        return new OrderService(inventory, orders, events, transaction);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "sample.events.delivery", havingValue = "direct")
    static class DirectDelivery {
        @Bean
        OrderEventProducer orderEventProducer(
                Environment environment,
                ServiceIdentity identity,
                ObjectMapper json,
                EventsProperties events) {
            // Its seq restarts with the process: a restarted service is a new producer.
            String producedBy = identity.instanceId() + "@" + System.currentTimeMillis();
            return new OrderEventProducer(
                    bootstrapServers(environment),
                    identity.instanceId(),
                    producedBy,
                    false,
                    json,
                    events.topic());
        }

        @Bean
        OrderEvents directEvents(OrderEventProducer producer, EventCounters counters) {
            return new DirectEvents(producer, counters);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(
            name = "sample.events.delivery",
            havingValue = "outbox",
            matchIfMissing = true)
    static class OutboxDelivery {
        @Bean
        OrderEventProducer orderEventProducer(
                Environment environment,
                ServiceIdentity identity,
                ObjectMapper json,
                EventsProperties events) {
            String producedBy = identity.instanceId() + "-outbox";
            return new OrderEventProducer(
                    bootstrapServers(environment),
                    producedBy,
                    producedBy,
                    true,
                    json,
                    events.topic());
        }

        @Bean
        Outbox outbox(JdbcClient jdbc) {
            return new Outbox(jdbc);
        }

        @Bean
        OutboxRelay outboxRelay(
                Outbox outbox, OrderEventProducer producer, EventCounters counters) {
            return new OutboxRelay(outbox, producer, counters);
        }

        @Bean
        OrderEvents outboxEvents(Outbox outbox, OutboxRelay relay, EventsProperties events) {
            return new OutboxEvents(outbox, relay, events.outbox().maxPending());
        }
    }

    static String bootstrapServers(Environment environment) {
        return environment.getProperty("sample.kafka.bootstrap-servers", "127.0.0.1:19092");
    }
}
