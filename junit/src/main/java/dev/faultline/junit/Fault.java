// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

/**
 * Where fault builders start: one factory per injection point of the agent, plus {@link
 * #point(String)} for any point by name. Each factory only names its point; what a builder then
 * accepts (actions, match keys, fields) is read from the agent's own declarations at run time, so a
 * point the agent gains is usable through {@code point(name)} at once, with no change here; a typed
 * factory for it is a convenience that can follow.
 *
 * <pre>{@code
 * try (FaultHandle slow = faults.enable(Fault.jdbcExecute().delay(Duration.ofSeconds(2)).sql("(?i)from inventory"))) {
 *     ...
 * }
 * }</pre>
 */
public final class Fault {
    private Fault() {}

    /** A fault of any point the agent declares, by its spec name ({@code jdbc.execute}). */
    public static FaultBuilder point(String name) {
        return new FaultBuilder(Declarations.point(name));
    }

    /** {@code jdbc.connect}: {@code Driver.connect}, {@code DataSource.getConnection}. */
    public static FaultBuilder jdbcConnect() {
        return point("jdbc.connect");
    }

    /** {@code jdbc.execute}: every execute method of the JDBC statements. */
    public static FaultBuilder jdbcExecute() {
        return point("jdbc.execute");
    }

    /** {@code jdbc.commit}: {@code Connection.commit}. */
    public static FaultBuilder jdbcCommit() {
        return point("jdbc.commit");
    }

    /** {@code jdbc.pool}: the application's connection pools. */
    public static FaultBuilder jdbcPool() {
        return point("jdbc.pool");
    }

    /** {@code jdbc.server}: the database server behind the pools. */
    public static FaultBuilder jdbcServer() {
        return point("jdbc.server");
    }

    /** {@code kafka.send}: {@code KafkaProducer.send}. */
    public static FaultBuilder kafkaSend() {
        return point("kafka.send");
    }

    /** {@code kafka.poll}: {@code KafkaConsumer.poll}. */
    public static FaultBuilder kafkaPoll() {
        return point("kafka.poll");
    }

    /** {@code http.client}: the JDK, Apache and OkHttp HTTP clients. */
    public static FaultBuilder httpClient() {
        return point("http.client");
    }

    /** {@code dns.resolve}: {@code InetAddress} lookups. */
    public static FaultBuilder dnsResolve() {
        return point("dns.resolve");
    }

    /** {@code net.connect}: socket connects. */
    public static FaultBuilder netConnect() {
        return point("net.connect");
    }

    /** {@code memory}: the heap. */
    public static FaultBuilder memory() {
        return point("memory");
    }

    /**
     * {@code method}: a chosen {@code class#method} of the application; give it with {@link
     * FaultBuilder#matching}("class", ...) and ("method", ...).
     */
    public static FaultBuilder method() {
        return point("method");
    }
}
