// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import dev.faultline.core.Protocol;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.management.MBeanServerConnection;

/** A JVM the CLI controls: one on this machine (attach) or one with remote JMX. */
public interface TargetJvm extends AutoCloseable {

    /** How the target is named in messages: {@code 1234 (com.example.Main)}. */
    String describe();

    /** The Faultline version loaded in the target, or {@code null} when none is. */
    String agentVersion();

    /**
     * Loads the agent if it is not there yet; fails when a different version is. Returns whether it
     * loaded it now.
     */
    boolean ensureAgent();

    /**
     * Runs a control command (the jcmd syntax, or {@code enable-json <spec>}) in the target.
     *
     * @return the result after {@code ok }
     * @throws CliException with the agent's error when the command failed
     */
    String command(String line);

    /**
     * Enables the faults of a spec (a JSON object or array), loading the agent first if it is not
     * there yet.
     *
     * @return the ids of the faults enabled, comma-separated
     */
    default String enable(String specJson) {
        ensureAgent();
        return command(Protocol.VERB_ENABLE_JSON + " " + specJson);
    }

    /**
     * The points the target's agent may enable (its {@code allow=} option, published as the system
     * property {@value #ALLOW_PROPERTY}), or {@code null} when it may enable every point or has no
     * agent.
     */
    default Set<String> allowedPoints() {
        return parseAllowed(systemProperty(ALLOW_PROPERTY));
    }

    /** A system property of the target, or {@code null}. */
    String systemProperty(String name);

    String ALLOW_PROPERTY = Protocol.ALLOW_PROPERTY;

    static Set<String> parseAllowed(String value) {
        if (value == null) {
            return null;
        }
        Set<String> points = new LinkedHashSet<>();
        for (String point : value.split(",")) {
            if (!point.isBlank()) {
                points.add(point.trim());
            }
        }
        return points;
    }

    /** The active faults, as the agent's JSON array. */
    String faultsJson();

    /** The target's process id (for a remote JVM, as its runtime reports it). */
    long pid();

    /**
     * The target's platform MBean server, for reading JMX attributes (a pool's active connections,
     * heap, threads). A local target gets its local management agent started, as jconsole does.
     */
    MBeanServerConnection mbeans();

    @Override
    void close();

    /** Fails the same way for both kinds when the agent reports an error. */
    static String okOrFail(String result) {
        if (result == null) {
            throw new CliException(CliException.FAILED, "the agent gave no answer");
        }
        if (result.startsWith("error: ")) {
            throw new CliException(CliException.FAILED, result.substring("error: ".length()));
        }
        return result.startsWith("ok ") ? result.substring(3) : result;
    }
}
