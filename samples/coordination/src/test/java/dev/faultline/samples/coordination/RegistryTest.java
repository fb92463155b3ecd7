package dev.faultline.samples.coordination;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Registry registry = new Registry(clock, Duration.ofSeconds(10));

    @Test
    void heartbeatsKeepAnInstanceAliveAndSilenceExpiresIt() {
        registry.register("inventory", "inventory-1", "http://127.0.0.1:18082");
        registry.register("inventory", "inventory-2", "http://127.0.0.1:18083");

        clock.advance(Duration.ofSeconds(6));
        assertThat(registry.heartbeat("inventory", "inventory-1")).isTrue();
        clock.advance(Duration.ofSeconds(6));

        assertThat(registry.live("inventory")).extracting(Registry.Instance::instanceId).containsExactly("inventory-1");
        assertThat(registry.sweep()).containsExactly("inventory/inventory-2");
        assertThat(registry.heartbeat("inventory", "inventory-2")).as("expired: must register again").isFalse();
    }

    @Test
    void unknownInstancesAndServicesAnswerNotFound() {
        assertThat(registry.heartbeat("inventory", "inventory-9")).isFalse();
        assertThat(registry.live("nothing")).isEmpty();
    }
}
