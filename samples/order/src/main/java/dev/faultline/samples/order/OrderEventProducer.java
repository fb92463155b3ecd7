// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;

/**
 * The Kafka producer of order events: key the order id, value the event as JSON with the producer's
 * name and the event's {@code seq}, increasing per producer, from which inventory tells events that
 * arrive out of order. Timeouts keep a send from holding its caller for long: {@code max.block.ms}
 * 5 s (metadata, buffer), {@code request.timeout.ms} 5 s, {@code delivery.timeout.ms} 15 s.
 */
public final class OrderEventProducer implements DisposableBean {
    private final KafkaProducer<String, String> producer;
    private final ObjectMapper json;
    private final String topic;
    private final String producedBy;

    /**
     * @param producedBy the name events carry, whose {@code seq} increases
     * @param idempotent the outbox's producer: acks=all and idempotence, so retries neither
     *     duplicate nor reorder
     */
    public OrderEventProducer(
            String bootstrapServers,
            String clientId,
            String producedBy,
            boolean idempotent,
            ObjectMapper json,
            String topic) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        config.put(ProducerConfig.ACKS_CONFIG, idempotent ? "all" : "1");
        this.producer = new KafkaProducer<>(config);
        this.json = json;
        this.topic = topic;
        this.producedBy = producedBy;
    }

    /**
     * Sends one event; failures arrive through the future and the callback, as Kafka delivers them.
     */
    public Future<RecordMetadata> send(UUID eventId, long seq, Order order, Callback callback) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId.toString());
        event.put("orderId", order.orderId());
        event.put("sku", order.sku());
        event.put("quantity", order.quantity());
        event.put("status", order.status());
        event.put("seq", seq);
        event.put("producedBy", producedBy);
        event.put("createdAt", order.createdAt().toString());
        String value;
        try {
            value = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("order event not serializable", e);
        }
        return producer.send(new ProducerRecord<>(topic, order.orderId(), value), callback);
    }

    /**
     * Does not wait for a broker that is away: what is still unsent is lost (direct) or stays in
     * the outbox.
     */
    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(1));
    }
}
