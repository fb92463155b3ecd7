// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.samples.support.web.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceDiscoveryTest {
    private static final ServiceInstance ONE =
            new ServiceInstance("inventory-1", "http://127.0.0.1:18082", Instant.EPOCH);
    private static final ServiceInstance TWO =
            new ServiceInstance("inventory-2", "http://127.0.0.1:18083", Instant.EPOCH);

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private List<ServiceInstance> registered = List.of(ONE, TWO);
    private boolean coordinationUp = true;
    private int lookups;

    private ServiceDiscovery discovery(String cacheTtl, boolean fallback) {
        DiscoveryProperties properties =
                new DiscoveryProperties(
                        Duration.parse("PT" + cacheTtl),
                        fallback,
                        DiscoveryProperties.LossHealth.DEGRADED);
        return new ServiceDiscovery(
                service -> {
                    lookups++;
                    if (!coordinationUp) {
                        throw new CoordinationUnavailableException(
                                "look up " + service + ": ConnectException", null);
                    }
                    return registered;
                },
                properties,
                () -> now);
    }

    @Test
    void withoutCacheEveryCallAsksCoordination() {
        ServiceDiscovery discovery = discovery("0S", false);

        discovery.choose("inventory");
        discovery.choose("inventory");

        assertThat(lookups).isEqualTo(2);
    }

    @Test
    void anAnswerIsReusedUntilTheTtlPasses() {
        ServiceDiscovery discovery = discovery("30S", false);

        discovery.choose("inventory");
        now = now.plusSeconds(29);
        discovery.choose("inventory");
        assertThat(lookups).isEqualTo(1);

        now = now.plusSeconds(1);
        discovery.choose("inventory");
        assertThat(lookups).isEqualTo(2);
    }

    @Test
    void instancesAreChosenInTurn() {
        ServiceDiscovery discovery = discovery("30S", false);

        assertThat(
                        List.of(
                                discovery.choose("inventory"),
                                discovery.choose("inventory"),
                                discovery.choose("inventory")))
                .containsExactly(ONE, TWO, ONE);
    }

    @Test
    void coordinationLostServesTheLastKnownInstancesWhenFallbackIsOn() {
        ServiceDiscovery discovery = discovery("0S", true);
        discovery.choose("inventory");
        coordinationUp = false;

        assertThat(discovery.instances("inventory")).containsExactly(ONE, TWO);
        assertThat(discovery.lastKnownSummary().get("inventory"))
                .contains("serving these while coordination is unreachable");
    }

    @Test
    void coordinationLostFailsWith503WhenFallbackIsOff() {
        ServiceDiscovery discovery = discovery("0S", false);
        discovery.choose("inventory");
        coordinationUp = false;

        assertThatThrownBy(() -> discovery.choose("inventory"))
                .isInstanceOfSatisfying(
                        ServiceException.class, e -> assertThat(e.status().value()).isEqualTo(503))
                .hasMessageContaining("cannot discover inventory");
    }

    @Test
    void coordinationLostBeforeAnyAnswerFailsEvenWithFallback() {
        ServiceDiscovery discovery = discovery("30S", true);
        coordinationUp = false;

        assertThatThrownBy(() -> discovery.choose("inventory"))
                .isInstanceOf(ServiceException.class);
    }

    @Test
    void anEmptyAnswerIsNotCachedSoInstancesRegisteringLaterAreFound() {
        ServiceDiscovery discovery = discovery("30S", true);
        registered = List.of();

        assertThatThrownBy(() -> discovery.choose("inventory"))
                .hasMessageContaining("no instance of inventory");
        registered = List.of(TWO);
        assertThat(discovery.choose("inventory")).isEqualTo(TWO);
    }
}
