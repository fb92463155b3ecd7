// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.util.List;

/** One service instance of the stack: which jar, which instance id, which port, which database. */
final class ServiceSpec {
    /**
     * The fault points each service's libraries can be reached by; the agent refuses every other
     * point.
     */
    private static final List<String> COMMON_POINTS =
            List.of("http.client", "dns.resolve", "net.connect", "memory", "method");

    private static final List<String> DATABASE_POINTS =
            List.of("jdbc.connect", "jdbc.execute", "jdbc.commit", "jdbc.pool", "jdbc.server");
    private static final List<String> KAFKA_POINTS = List.of("kafka.send", "kafka.poll");

    final String module;
    final String instance;
    final int port;
    final String database;

    ServiceSpec(String module, String instance, int port, String database) {
        this.module = module;
        this.instance = instance;
        this.port = port;
        this.database = database;
    }

    boolean usesKafka() {
        return module.equals("order") || module.equals("inventory");
    }

    /** The agent's {@code allow=} list for this service. */
    String allowedPoints() {
        StringBuilder points = new StringBuilder(String.join(";", COMMON_POINTS));
        if (database != null) {
            points.append(';').append(String.join(";", DATABASE_POINTS));
        }
        if (usesKafka()) {
            points.append(';').append(String.join(";", KAFKA_POINTS));
        }
        return points.toString();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }
}
