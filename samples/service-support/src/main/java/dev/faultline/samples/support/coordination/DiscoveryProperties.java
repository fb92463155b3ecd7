// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import java.time.Duration;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Experiment 1's switches.
 *
 * @param cacheTtl how long a lookup's answer is used before coordination is asked again; 0 asks on
 *     every call
 * @param fallbackToLastKnown serve the last known addresses while coordination is unreachable
 * @param health what losing coordination does to this service's health: {@code down} takes the
 *     whole service out of rotation (503), {@code degraded} shows it in the component and keeps the
 *     service answering 200
 */
@ConfigurationProperties("sample.discovery")
public record DiscoveryProperties(
        @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("true") boolean fallbackToLastKnown,
        @DefaultValue("degraded") LossHealth health) {

    /**
     * The custom health status of improved mode, mapped to HTTP 200 in each service's
     * configuration.
     */
    public static final Status DEGRADED = new Status("DEGRADED");

    public enum LossHealth {
        DOWN,
        DEGRADED;

        /**
         * The health status of a component that depends on coordination once coordination is lost.
         */
        public Status status() {
            return this == DOWN ? Status.DOWN : DiscoveryProperties.DEGRADED;
        }
    }
}
