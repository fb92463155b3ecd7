// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.coordination;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service registry, in memory: instances register, heartbeat, and expire when silent for longer
 * than the instance TTL. Lookups never return an expired instance, whether or not the sweep has
 * removed it yet.
 */
public final class Registry {
    private final InstantSource clock;
    private final Duration instanceTtl;
    private final Map<String, Map<String, Instance>> services = new ConcurrentHashMap<>();

    public Registry(InstantSource clock, Duration instanceTtl) {
        this.clock = clock;
        this.instanceTtl = instanceTtl;
    }

    public record Instance(String instanceId, String url, Instant lastHeartbeat) {}

    public Instance register(String service, String instanceId, String url) {
        Instance instance = new Instance(instanceId, url, clock.instant());
        services.computeIfAbsent(service, s -> new ConcurrentHashMap<>()).put(instanceId, instance);
        return instance;
    }

    /**
     * False when the instance is unknown: it expired or was never registered, and must register
     * again.
     */
    public boolean heartbeat(String service, String instanceId) {
        Map<String, Instance> instances = services.get(service);
        if (instances == null) {
            return false;
        }
        Instant now = clock.instant();
        Instance renewed =
                instances.computeIfPresent(
                        instanceId,
                        (id, instance) ->
                                expired(instance, now)
                                        ? null
                                        : new Instance(id, instance.url(), now));
        return renewed != null;
    }

    public boolean deregister(String service, String instanceId) {
        Map<String, Instance> instances = services.get(service);
        return instances != null && instances.remove(instanceId) != null;
    }

    /** The live instances of a service, by instance id. */
    public List<Instance> live(String service) {
        Instant now = clock.instant();
        return services.getOrDefault(service, Map.of()).values().stream()
                .filter(instance -> !expired(instance, now))
                .sorted(Comparator.comparing(Instance::instanceId))
                .toList();
    }

    /** Removes the instances silent for longer than the TTL; returns them, for the log. */
    public List<String> sweep() {
        Instant now = clock.instant();
        List<String> removed = new java.util.ArrayList<>();
        services.forEach(
                (service, instances) ->
                        instances
                                .values()
                                .removeIf(
                                        instance -> {
                                            boolean expired = expired(instance, now);
                                            if (expired) {
                                                removed.add(service + "/" + instance.instanceId());
                                            }
                                            return expired;
                                        }));
        return removed;
    }

    private boolean expired(Instance instance, Instant now) {
        return !now.isBefore(instance.lastHeartbeat().plus(instanceTtl));
    }
}
