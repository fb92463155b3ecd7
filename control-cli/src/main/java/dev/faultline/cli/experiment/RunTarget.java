// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.cli.CliException;
import dev.faultline.cli.TargetJvm;
import dev.faultline.cli.Targets;
import dev.faultline.cli.experiment.Experiment.TargetDef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A target of a running experiment, reached through the CLI's own target resolution. A target given
 * by name is found again by name when its JVM dies (a supervisor may restart it): each new pid seen
 * counts as a restart.
 */
final class RunTarget implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fault counters are read from the target at most this often, however many probes ask. */
    private static final long COUNTERS_MAX_AGE_MILLIS = 500;

    final TargetDef def;
    private final Object lock = new Object();
    private TargetJvm jvm;

    /** The MBean reads of {@link #jvm}; a new JVM gets new ones. */
    private TargetMBeans mbeans;

    private long pid = -1;
    private final Set<Long> pids = new LinkedHashSet<>();
    private String description;

    /**
     * Last seen {matched, injected} of each fault of the run on this target; kept after the fault
     * ends.
     */
    private final Map<String, long[]> counters = new ConcurrentHashMap<>();

    private volatile long countersReadAt;

    RunTarget(TargetDef def) {
        this.def = def;
    }

    /**
     * Resolves the target for the first time; a target that cannot be found is a run that cannot
     * start.
     */
    void open() {
        synchronized (lock) {
            connect();
        }
    }

    private void connect() {
        jvm = Targets.resolve(def.locator(), def.jmxUser(), def.jmxPassword(), def.jmxTls());
        mbeans = null;
        pid = jvm.pid();
        pids.add(pid);
        description = jvm.describe();
    }

    /** The live JVM, found again when the previous one ended; throws when there is none. */
    TargetJvm jvm() {
        synchronized (lock) {
            if (jvm != null && alive(jvm)) {
                return jvm;
            }
            if (jvm != null) {
                jvm.close();
                jvm = null;
                mbeans = null;
            }
            if (!def.byName() && def.locator().matches("\\d+")) {
                throw new CliException(
                        CliException.NO_TARGET,
                        "target " + def.name() + " (pid " + def.locator() + ") has ended");
            }
            connect();
            return jvm;
        }
    }

    private boolean alive(TargetJvm current) {
        if (!def.locator().startsWith("service:jmx:") && !def.locator().matches(".+:\\d+")) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            current.pid();
            return true;
        } catch (CliException gone) {
            return false;
        }
    }

    boolean alive() {
        try {
            jvm();
            return true;
        } catch (CliException gone) {
            return false;
        }
    }

    int restarts() {
        alive(); // finds a restarted JVM
        synchronized (lock) {
            return Math.max(0, pids.size() - 1);
        }
    }

    long pid() {
        synchronized (lock) {
            return pid;
        }
    }

    /** {@code order: 4242 (order-service.jar)}. */
    String describe() {
        synchronized (lock) {
            return def.name() + ": " + (description == null ? def.locator() : description);
        }
    }

    List<Long> pidsSeen() {
        synchronized (lock) {
            return new ArrayList<>(pids);
        }
    }

    /** The live JVM's MBeans, read with the names and reads that its probes share. */
    TargetMBeans mbeanReads() {
        synchronized (lock) {
            TargetJvm current = jvm();
            if (mbeans == null) {
                mbeans = new TargetMBeans(current.mbeans());
            }
            return mbeans;
        }
    }

    /** Loads the agent if needed; returns whether it was loaded now. */
    boolean ensureAgent() {
        return jvm().ensureAgent();
    }

    /** The points the target's agent may enable ({@code allow=}), or {@code null} for all. */
    Set<String> allowedPoints() {
        return jvm().allowedPoints();
    }

    /** Enables one spec (JSON) and gives the id the agent answered. */
    String enable(String specJson) {
        return jvm().enable(specJson);
    }

    /**
     * Disables one fault; a fault that has already ended (expired, or its JVM gone) is not an
     * error.
     */
    boolean disable(String id) {
        try {
            readCounters(true);
            jvm().command("disable " + id);
            return true;
        } catch (CliException e) {
            if (e.getMessage().contains("no active fault")) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The active faults whose id starts with {@code prefix}, read from the target itself (the proof
     * a rollback leaves nothing), updating the counters. An empty list when the JVM has ended.
     */
    List<String> activeFaults(String prefix) {
        List<String> ids = new ArrayList<>();
        JsonNode faults = readCounters(true);
        for (JsonNode fault : faults) {
            String id = fault.path("id").asText();
            if (id.startsWith(prefix)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * {matched, injected} of a fault of the run: its last known counts, {0, 0} before it started.
     */
    long[] counters(String id) {
        readCounters(false);
        return counters.getOrDefault(id, new long[2]);
    }

    Map<String, long[]> allCounters() {
        return counters;
    }

    private JsonNode readCounters(boolean fresh) {
        long now = System.currentTimeMillis();
        if (!fresh && now - countersReadAt < COUNTERS_MAX_AGE_MILLIS) {
            return JSON.createArrayNode();
        }
        countersReadAt = now;
        TargetJvm target;
        try {
            target = jvm();
        } catch (CliException gone) {
            return JSON.createArrayNode();
        }
        JsonNode faults;
        try {
            faults =
                    JSON.readTree(
                            target.faultsJson()); // one read of the target: "[]" while no agent
            // is loaded
        } catch (CliException noAgent) {
            return JSON.createArrayNode(); // a remote JVM without the agent's MBean
        } catch (IOException e) {
            throw new CliException(
                    CliException.FAILED,
                    "the agent's fault list of " + describe() + " is not JSON: " + e.getMessage());
        }
        for (JsonNode fault : faults) {
            counters.put(
                    fault.path("id").asText(),
                    new long[] {fault.path("matched").asLong(), fault.path("injected").asLong()});
        }
        return faults;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (jvm != null) {
                jvm.close();
                jvm = null;
                mbeans = null;
            }
        }
    }
}
