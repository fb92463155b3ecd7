// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code up} was asked for: the ports, the resilience mode of each service, and the property
 * and JVM-flag overrides. Written by the command, read by the supervisor, kept in the state file so
 * that a restart starts a service exactly as before (or with a new mode).
 */
public final class StackPlan {
    /**
     * The default first port: coordination; the services follow it, PostgreSQL and the broker sit
     * at fixed offsets.
     */
    public static final int DEFAULT_BASE_PORT = 18080;

    private static final int POSTGRES_OFFSET = -2648; // 15432 with the default base
    private static final int KAFKA_OFFSET = 1012; // 19092, and its controller on 19093

    public int basePort = DEFAULT_BASE_PORT;
    public String mode = Mode.IMPROVED;
    public int inventoryInstances = 2;

    /** Per instance: mode override. */
    public Map<String, String> modes = new LinkedHashMap<>();

    /** Per instance: Spring properties given as {@code --key=value} arguments. */
    public Map<String, Map<String, String>> properties = new LinkedHashMap<>();

    /** Per instance: extra JVM flags. */
    public Map<String, List<String>> jvmOptions = new LinkedHashMap<>();

    /** The JDK the services run on. */
    public String javaHome = System.getProperty("java.home");

    /** The two settings every resilience switch has. */
    public static final class Mode {
        public static final String NAIVE = "naive";
        public static final String IMPROVED = "improved";

        private Mode() {}

        static String check(String mode) {
            String m = mode.toLowerCase(Locale.ROOT);
            if (!m.equals(NAIVE) && !m.equals(IMPROVED)) {
                throw new StackException("mode '" + mode + "' is not known: use naive or improved");
            }
            return m;
        }
    }

    int postgresPort() {
        return basePort + POSTGRES_OFFSET;
    }

    int kafkaPort() {
        return basePort + KAFKA_OFFSET;
    }

    int kafkaControllerPort() {
        return basePort + KAFKA_OFFSET + 1;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort();
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/" + database;
    }

    String modeOf(String instance) {
        return modes.getOrDefault(instance, mode);
    }

    /**
     * The service instances of this stack, in start order: coordination first, since the others
     * register with it.
     */
    List<ServiceSpec> services() {
        List<ServiceSpec> services = new ArrayList<>();
        services.add(new ServiceSpec("coordination", "coordination", basePort, null));
        services.add(new ServiceSpec("product", "product", basePort + 1, "product"));
        for (int i = 1; i <= inventoryInstances; i++) {
            services.add(
                    new ServiceSpec("inventory", "inventory-" + i, basePort + 1 + i, "inventory"));
        }
        services.add(new ServiceSpec("order", "order", basePort + 4, "orders"));
        return services;
    }

    ServiceSpec service(String instance) {
        for (ServiceSpec service : services()) {
            if (service.instance.equals(instance)) {
                return service;
            }
        }
        List<String> names = new ArrayList<>();
        services().forEach(s -> names.add(s.instance));
        throw new StackException(
                "no service '" + instance + "' in this stack: " + String.join(", ", names));
    }

    /**
     * Checks what a user typed: a known mode, instances 1 or 2, ports in range, overrides for known
     * services.
     */
    void validate() {
        mode = Mode.check(mode);
        if (inventoryInstances < 1 || inventoryInstances > 2) {
            throw new StackException(
                    "--inventory-instances must be 1 or 2, not " + inventoryInstances);
        }
        if (postgresPort() < 1024 || kafkaControllerPort() > 65535) {
            throw new StackException(
                    "--base-port "
                            + basePort
                            + " puts PostgreSQL or the broker outside 1024..65535: use 3700..64500");
        }
        if (postgresPort() <= 60999 && kafkaControllerPort() >= 32768) {
            // Not refused, but said: the kernel hands out 32768..60999 as source ports of outgoing
            // connections.
            System.err.println(
                    "stack: ports "
                            + postgresPort()
                            + ".."
                            + kafkaControllerPort()
                            + " reach into the range the system uses for"
                            + " outgoing connections (32768..60999), where one may already be taken; a --base-port up to 31700 avoids it");
        }
        modes.replaceAll((instance, m) -> Mode.check(m));
        for (String instance : modes.keySet()) {
            service(instance);
        }
        for (String instance : properties.keySet()) {
            service(instance);
        }
        for (String instance : jvmOptions.keySet()) {
            service(instance);
        }
    }
}
