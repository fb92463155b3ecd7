package dev.faultline.samples.support.resilience;

import java.time.Duration;

/**
 * Experiment 4's switches for one downstream service (bound under {@code sample.inventory-client}
 * in order, {@code sample.product-client} in inventory).
 *
 * @param timeout        read timeout of each call
 * @param circuitBreaker guard calls with the Resilience4j circuit breaker named after the downstream service
 * @param bulkhead       bound concurrent calls with the Resilience4j bulkhead of that name
 * @param fallback       answer with the service's fallback instead of 503 when the call fails
 */
public record DownstreamProperties(Duration timeout, boolean circuitBreaker, boolean bulkhead, boolean fallback) {
    public DownstreamProperties {
        if (timeout == null) {
            timeout = Duration.ofSeconds(1);
        }
    }
}
