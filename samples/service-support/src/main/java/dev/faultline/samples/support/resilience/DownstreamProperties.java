// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.resilience;

import java.time.Duration;

/**
 * Experiment 4's switches for one downstream service, bound by each service under its own prefix
 * ({@code sample.inventory-client} in order, {@code sample.product-client} in inventory), hence a
 * bean with setters rather than a record bound to one fixed prefix.
 */
public class DownstreamProperties {
    /** Read timeout of each call. */
    private Duration timeout = Duration.ofSeconds(1);

    /** Guard calls with the Resilience4j circuit breaker named after the downstream service. */
    private boolean circuitBreaker;

    /** Bound concurrent calls with the Resilience4j bulkhead of that name. */
    private boolean bulkhead;

    /** Answer with the service's fallback instead of 503 when a call fails. */
    private boolean fallback;

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public boolean isCircuitBreaker() {
        return circuitBreaker;
    }

    public void setCircuitBreaker(boolean circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public boolean isBulkhead() {
        return bulkhead;
    }

    public void setBulkhead(boolean bulkhead) {
        this.bulkhead = bulkhead;
    }

    public boolean isFallback() {
        return fallback;
    }

    public void setFallback(boolean fallback) {
        this.fallback = fallback;
    }
}
