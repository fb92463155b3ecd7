// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code registration} health component: UP while this instance is registered and its
 * heartbeats are answered; while they are not, the status coordination's loss takes ({@code
 * sample.discovery.health}); UNKNOWN before the first registration.
 */
public final class RegistrationHealthIndicator extends AbstractHealthIndicator {
    private final Registration registration;
    private final DiscoveryProperties properties;

    public RegistrationHealthIndicator(Registration registration, DiscoveryProperties properties) {
        this.registration = registration;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (registration.consecutiveFailures() > 0) {
            builder.status(properties.health().status());
        } else {
            builder.status(registration.registered() ? Status.UP : Status.UNKNOWN);
        }
        builder.withDetail("registered", registration.registered())
                .withDetail("consecutiveFailures", registration.consecutiveFailures());
        if (registration.url() != null) {
            builder.withDetail("url", registration.url());
        }
        if (registration.lastHeartbeat() != null) {
            builder.withDetail("lastHeartbeat", registration.lastHeartbeat().toString());
        }
    }
}
