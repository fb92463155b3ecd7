// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import dev.faultline.samples.support.web.ServiceException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the instances of a service through coordination, round-robin. An answer is reused for
 * {@code cache-ttl}; when coordination cannot be reached, the last known addresses are served if
 * {@code fallback-to-last-known} is on, else the call fails with 503.
 */
public final class ServiceDiscovery {
    private static final Logger log = LoggerFactory.getLogger(ServiceDiscovery.class);

    private final Function<String, List<ServiceInstance>> lookup;
    private final DiscoveryProperties properties;
    private final InstantSource clock;
    private final Map<String, Answer> lastKnown = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Map<String, Boolean> servingLastKnown = new ConcurrentHashMap<>();

    /**
     * @param lookup asks coordination; throws {@link CoordinationUnavailableException} when it
     *     cannot
     */
    public ServiceDiscovery(
            Function<String, List<ServiceInstance>> lookup,
            DiscoveryProperties properties,
            InstantSource clock) {
        this.lookup = lookup;
        this.properties = properties;
        this.clock = clock;
    }

    /** The next instance of {@code service} in turn. */
    public ServiceInstance choose(String service) {
        List<ServiceInstance> instances = instances(service);
        int turn = turns.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement();
        return instances.get(Math.floorMod(turn, instances.size()));
    }

    /** The live instances of {@code service}, never empty. */
    public List<ServiceInstance> instances(String service) {
        Instant now = clock.instant();
        Answer known = lastKnown.get(service);
        if (known != null && now.isBefore(known.fetchedAt().plus(properties.cacheTtl()))) {
            return known.instances();
        }
        List<ServiceInstance> instances;
        try {
            instances = lookup.apply(service);
        } catch (CoordinationUnavailableException e) {
            if (properties.fallbackToLastKnown() && known != null) {
                if (servingLastKnown.put(service, Boolean.TRUE) == null) {
                    log.warn(
                            "coordination unreachable: serving the {} last known instance(s) of {} from {}",
                            known.instances().size(),
                            service,
                            known.fetchedAt());
                }
                return known.instances();
            }
            throw ServiceException.unavailable(
                    "cannot discover " + service + ": " + e.getMessage(), e);
        }
        servingLastKnown.remove(service);
        if (instances.isEmpty()) {
            // Not cached: an empty answer at start-up must not hide the instances that register a
            // moment later.
            throw ServiceException.unavailable(
                    "no instance of " + service + " is registered with coordination");
        }
        lastKnown.put(service, new Answer(List.copyOf(instances), now));
        return instances;
    }

    /**
     * What discovery knows, for the health details: service → instance ids and when coordination
     * said so.
     */
    public Map<String, String> lastKnownSummary() {
        Map<String, String> summary = new java.util.TreeMap<>();
        lastKnown.forEach(
                (service, answer) ->
                        summary.put(
                                service,
                                answer.instances().stream()
                                                .map(ServiceInstance::instanceId)
                                                .toList()
                                        + " at "
                                        + answer.fetchedAt()
                                        + (servingLastKnown.containsKey(service)
                                                ? " (serving these while coordination is unreachable)"
                                                : "")));
        return summary;
    }

    private record Answer(List<ServiceInstance> instances, Instant fetchedAt) {}
}
