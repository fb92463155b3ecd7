// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.orders;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/**
 * A small order service on Spring Boot: stock from PostgreSQL through the HikariCP pool Spring Boot
 * configures, a price quote from an HTTP service through a {@link RestClient}, and an event per
 * order published with a Kafka producer. {@link OrderService} has a fallback for each dependency.
 */
@SpringBootApplication
public class OrdersApplication {

    @Bean
    RestClient quotes(RestClient.Builder builder, @Value("${orders.quotes-url}") String url) {
        return builder.baseUrl(url).build();
    }

    @Bean(destroyMethod = "close")
    Producer<String, String> orderEvents(
            @Value("${orders.kafka.bootstrap-servers}") String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        StringSerializer.class.getName(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        // A broken broker must not hold an order for a minute: the outbox takes
                        // over.
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        5000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        4000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        5000,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0));
    }

    /** Where the inventory query runs, so that the order can stop waiting for it. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService inventoryQueries() {
        return Executors.newFixedThreadPool(
                4,
                r -> {
                    Thread t = new Thread(r, "inventory-query");
                    t.setDaemon(true);
                    return t;
                });
    }
}
