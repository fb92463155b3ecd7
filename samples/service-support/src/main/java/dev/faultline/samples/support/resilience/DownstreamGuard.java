// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.function.Supplier;

/**
 * Runs calls to one downstream service through the Resilience4j circuit breaker and bulkhead of its
 * name, each only when its switch is on: the programmatic form, so that naive mode really calls
 * without them. The circuit breaker is outside the bulkhead (Resilience4j's own order), so a full
 * bulkhead counts as a failed call.
 */
public final class DownstreamGuard {
    private final String name;
    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;

    public DownstreamGuard(
            String name,
            DownstreamProperties properties,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads) {
        this.name = name;
        this.circuitBreaker =
                properties.isCircuitBreaker() ? circuitBreakers.circuitBreaker(name) : null;
        this.bulkhead = properties.isBulkhead() ? bulkheads.bulkhead(name) : null;
    }

    /**
     * Runs the call; throws {@link CallNotPermittedException} or {@link BulkheadFullException} when
     * a guard refuses it.
     */
    public <T> T call(Supplier<T> call) {
        Supplier<T> guarded = call;
        if (bulkhead != null) {
            guarded = Bulkhead.decorateSupplier(bulkhead, guarded);
        }
        if (circuitBreaker != null) {
            guarded = CircuitBreaker.decorateSupplier(circuitBreaker, guarded);
        }
        return guarded.get();
    }

    /**
     * Why a guard refused a call, for the error body and the log line, or null when the failure is
     * not a refusal.
     */
    public String refusal(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return name + " circuit breaker is open";
        }
        if (failure instanceof BulkheadFullException) {
            return name
                    + " bulkhead is full ("
                    + bulkhead.getBulkheadConfig().getMaxConcurrentCalls()
                    + " concurrent calls)";
        }
        return null;
    }
}
