// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code coordination} health component: UP while coordination answers; once it does not, DOWN
 * (naive: the whole service reports 503) or DEGRADED (improved: shown here, service still 200),
 * with what discovery is serving meanwhile.
 */
public final class CoordinationHealthIndicator extends AbstractHealthIndicator {
    private final CoordinationStatus status;
    private final ServiceDiscovery discovery;
    private final DiscoveryProperties properties;
    private final String url;

    public CoordinationHealthIndicator(
            CoordinationStatus status,
            ServiceDiscovery discovery,
            DiscoveryProperties properties,
            String url) {
        this.status = status;
        this.discovery = discovery;
        this.properties = properties;
        this.url = url;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("url", url);
        if (status.lost()) {
            builder.status(properties.health().status())
                    .withDetail("error", status.lastError())
                    .withDetail("unreachableSince", status.lostSince().toString());
        } else {
            builder.status(status.reachable() ? Status.UP : Status.UNKNOWN);
        }
        if (status.lastContact() != null) {
            builder.withDetail("lastContact", status.lastContact().toString());
        }
        builder.withDetail("lastKnown", discovery.lastKnownSummary());
    }
}
