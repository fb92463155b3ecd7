// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final Registry registry = new Registry(() -> now, Duration.ofSeconds(10));

    private void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Test
    void heartbeatsKeepAnInstanceAliveAndSilenceExpiresIt() {
        registry.register("inventory", "inventory-1", "http://127.0.0.1:18082");
        registry.register("inventory", "inventory-2", "http://127.0.0.1:18083");

        advance(Duration.ofSeconds(6));
        assertThat(registry.heartbeat("inventory", "inventory-1")).isTrue();
        advance(Duration.ofSeconds(6));

        assertThat(registry.live("inventory"))
                .extracting(Registry.Instance::instanceId)
                .containsExactly("inventory-1");
        assertThat(registry.sweep()).containsExactly("inventory/inventory-2");
        assertThat(registry.heartbeat("inventory", "inventory-2"))
                .as("expired: must register again")
                .isFalse();
    }

    @Test
    void unknownInstancesAndServicesAnswerNotFound() {
        assertThat(registry.heartbeat("inventory", "inventory-9")).isFalse();
        assertThat(registry.live("nothing")).isEmpty();
    }
}
