// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.it.orders.OrderService;
import dev.faultline.it.orders.OrderService.Confirmation;
import dev.faultline.it.orders.OrdersApplication;
import dev.faultline.junit.Fault;
import dev.faultline.junit.FaultHandle;
import dev.faultline.junit.FaultlineTest;
import dev.faultline.junit.Faults;
import dev.faultline.junit.InjectFault;
import java.time.Duration;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code @SpringBootTest} with the Faultline extension: the Spring Boot order service runs on the
 * embedded PostgreSQL (Spring Boot's HikariCP pool), its RestClient calls a loopback HTTP server,
 * its Kafka producer publishes to a real KRaft broker; each test breaks one dependency and asserts
 * the fallback. The context starts before the extension loads the agent: the pool, the HTTP client
 * and the producer are instrumented on the spot.
 */
@SpringBootTest(
        classes = OrdersApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
@FaultlineTest
class SpringBootOrdersTest {
    private static final LoopbackHttpServer QUOTES = newServer();

    @Autowired OrderService orders;

    @DynamicPropertySource
    static void dependencies(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", Postgres::url);
        registry.add("spring.datasource.username", Postgres::user);
        registry.add("spring.datasource.password", Postgres::password);
        registry.add("spring.datasource.hikari.pool-name", () -> "orders");
        registry.add("orders.quotes-url", () -> "http://127.0.0.1:" + QUOTES.port());
        registry.add("orders.kafka.bootstrap-servers", KafkaBroker::bootstrap);
    }

    /**
     * Creates the topic, loads the agent, and places a first order: class loading, the agent's
     * instrumentation of the loaded classes and the pool's first connections are done before any
     * test measures a fallback's timing.
     */
    @BeforeAll
    static void warmUp(ApplicationContext context) {
        KafkaBroker.values(OrderService.TOPIC);
        Faults.inThisJvm();
        context.getBean(OrderService.class).placeOrder("A");
    }

    @AfterAll
    static void stopServer() {
        QUOTES.close();
    }

    @Test
    void placesAnOrderWhenEverythingAnswers() {
        Confirmation order = orders.placeOrder("A");
        assertThat(order.stock()).isEqualTo(7);
        assertThat(order.price())
                .isEqualTo("A"); // the quote server answers the path's last segment
        assertThat(order.published()).isTrue();
        assertThat(KafkaBroker.values(OrderService.TOPIC))
                .anyMatch(v -> v.contains(order.orderId()));
    }

    /**
     * The example: the inventory query takes 2 s, placeOrder answers with the fallback
     * within its 1 s wait.
     */
    @Test
    @InjectFault(
            point = "jdbc.execute",
            action = "delay",
            delay = "2s",
            match = "sql=(?i)from inventory",
            id = "slow-inventory")
    void answersWithTheFallbackWhenTheInventoryQueryIsSlow(Faults faults) {
        long start = System.nanoTime();
        Confirmation order = orders.placeOrder("A");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(order.stock()).isEqualTo(OrderService.UNKNOWN_STOCK);
        // The 1 s wait, the quote and the publish; well under the 2 s the query now takes.
        assertThat(millis).isBetween(OrderService.INVENTORY_WAIT.toMillis(), 1900L);
        assertThat(order.published()).isTrue();
        faults.handle("slow-inventory").awaitInjected(1, Duration.ofSeconds(5));
    }

    @Test
    void answersWithTheListPriceWhenTheQuoteServiceAnswers503(Faults faults) {
        int before = QUOTES.requests("/price/A");
        try (FaultHandle unavailable =
                faults.enable(Fault.httpClient().status(503).path("^/price/"))) {
            Confirmation order = orders.placeOrder("A");
            assertThat(order.price()).isEqualTo(OrderService.LIST_PRICE);
            assertThat(order.stock()).isEqualTo(7);
            assertThat(unavailable.injected()).isEqualTo(1);
        }
        assertThat(QUOTES.requests("/price/A"))
                .as("the 503 came from the fault, not the server")
                .isEqualTo(before);
    }

    @Test
    void keepsTheOrderInTheOutboxWhenKafkaSendFails(Faults faults) {
        try (FaultHandle broken =
                faults.enable(Fault.kafkaSend().error(TimeoutException.class).topic("^orders$"))) {
            Confirmation order = orders.placeOrder("A");
            assertThat(order.published()).isFalse();
            assertThat(orders.outbox()).contains(order.orderId());
            assertThat(broken.injected()).isEqualTo(1);
            assertThat(KafkaBroker.values(OrderService.TOPIC))
                    .noneMatch(v -> v.contains(order.orderId()));
        }
    }

    private static LoopbackHttpServer newServer() {
        try {
            return new LoopbackHttpServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
