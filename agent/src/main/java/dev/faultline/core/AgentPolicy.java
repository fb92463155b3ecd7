// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Limits set at start-up ({@code allow=}, {@code max-duration=}) that every fault must respect. */
public final class AgentPolicy {
    /** Duration of a fault whose spec gives none. */
    public static final Duration DEFAULT_DURATION = Duration.ofMinutes(5);

    /** Upper bound of any fault's duration unless {@code max-duration=} says otherwise. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(1);

    private final Set<String> allowedPoints;
    private final Duration maxDuration;

    /**
     * @param allowedPoints the only points that may be enabled, or {@code null} for all
     * @param maxDuration the longest duration a fault may have
     */
    public AgentPolicy(Set<String> allowedPoints, Duration maxDuration) {
        this.allowedPoints =
                allowedPoints == null
                        ? null
                        : Collections.unmodifiableSet(new LinkedHashSet<>(allowedPoints));
        this.maxDuration = maxDuration;
    }

    public static AgentPolicy defaults() {
        return new AgentPolicy(null, DEFAULT_MAX_DURATION);
    }

    public boolean allows(String point) {
        return allowedPoints == null || allowedPoints.contains(point);
    }

    /** The allowed points, or {@code null} when all are. */
    public Set<String> allowedPoints() {
        return allowedPoints;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    /**
     * The duration of a fault that gives none: five minutes, or less if {@code max-duration} is
     * shorter.
     */
    public Duration defaultDuration() {
        return DEFAULT_DURATION.compareTo(maxDuration) <= 0 ? DEFAULT_DURATION : maxDuration;
    }
}
