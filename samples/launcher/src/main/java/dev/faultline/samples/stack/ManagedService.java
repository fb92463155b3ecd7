// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service instance in its own JVM, with the Faultline agent at start-up, kept running like an
 * orchestrator's restart policy would: when it exits it is started again after a back-off that
 * grows with quick successive failures (1 s, 2 s, 4 s ... 15 s) and resets once it has run for a
 * minute.
 */
final class ManagedService {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long STABLE_AFTER_MILLIS = 60_000;
    private static final long MAX_BACKOFF_MILLIS = 15_000;

    final ServiceSpec spec;
    final StackState.Service state;
    private final StackLayout layout;
    private final StackPlan plan;
    private Process process;
    private boolean wanted = true;
    private long startedAtMillis;
    private long restartAtMillis = -1;
    private int quickFailures;

    ManagedService(ServiceSpec spec, StackLayout layout, StackPlan plan) {
        this.spec = spec;
        this.layout = layout;
        this.plan = plan;
        this.state = new StackState.Service();
        state.name = spec.instance;
        state.module = spec.module;
        state.port = spec.port;
        state.url = spec.url();
        state.log = layout.log(spec.instance).toString();
        state.agentLog = layout.log(spec.instance + "-faultline").toString();
        state.status = "stopped";
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        if (!Processes.free(spec.port)) {
            throw new StackException(
                    "port "
                            + spec.port
                            + " for "
                            + spec.instance
                            + " is in use by another process"
                            + " (a stack already up? samples/stack status; or choose other ports with --base-port)");
        }
        Files.createDirectories(layout.logs());
        Path log = layout.log(spec.instance);
        Files.writeString(
                log,
                "---- "
                        + Instant.now()
                        + " starting "
                        + spec.instance
                        + " ("
                        + plan.modeOf(spec.instance)
                        + ")\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder =
                new ProcessBuilder(command())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment());
        process = builder.start();
        wanted = true;
        restartAtMillis = -1;
        startedAtMillis = System.currentTimeMillis();
        state.pid = process.pid();
        state.mode = plan.modeOf(spec.instance);
        state.status = "starting";
        state.health = null;
        state.startedAt = Instant.ofEpochMilli(startedAtMillis).toString();
    }

    /**
     * The JVM command: heap limit and a small footprint, the agent with this service's allow list
     * and audit log.
     */
    List<String> command() {
        String mode = plan.modeOf(spec.instance);
        List<String> command = new ArrayList<>();
        command.add(Path.of(plan.javaHome, "bin", "java").toString());
        command.addAll(
                List.of(
                        "-Xmx256m",
                        "-Xss512k",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:ReservedCodeCacheSize=64m",
                        "-XX:MaxDirectMemorySize=64m"));
        if (mode.equals(StackPlan.Mode.IMPROVED)) {
            // A heap that has run out should end the JVM, so the restart policy brings back a
            // healthy one.
            command.add("-XX:+ExitOnOutOfMemoryError");
        }
        command.addAll(plan.jvmOptions.getOrDefault(spec.instance, List.of()));
        command.add(
                "-javaagent:"
                        + layout.agentJar()
                        + "=allow="
                        + spec.allowedPoints()
                        + ",max-duration=30m,log="
                        + layout.log(spec.instance + "-faultline"));
        command.add("-jar");
        command.add(layout.serviceJar(spec.module).toString());
        command.add("--sample.instance-id=" + spec.instance);
        for (Map.Entry<String, String> property :
                plan.properties.getOrDefault(spec.instance, Map.of()).entrySet()) {
            command.add("--" + property.getKey() + "=" + property.getValue());
        }
        return command;
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new java.util.LinkedHashMap<>();
        environment.put("SERVER_PORT", String.valueOf(spec.port));
        environment.put("SERVER_ADDRESS", "127.0.0.1");
        environment.put("SPRING_PROFILES_ACTIVE", plan.modeOf(spec.instance));
        environment.put("SAMPLE_COORDINATION_URL", "http://127.0.0.1:" + plan.basePort);
        environment.put("SAMPLE_KAFKA_BOOTSTRAP_SERVERS", plan.bootstrapServers());
        if (spec.database != null) {
            environment.put("SPRING_DATASOURCE_URL", plan.jdbcUrl(spec.database));
            environment.put("SPRING_DATASOURCE_USERNAME", "postgres");
            environment.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        }
        // The stack's services find each other on loopback only; no proxy may stand in between.
        environment.put("NO_PROXY", "127.0.0.1,localhost");
        return environment;
    }

    /**
     * One look, once a second: a service that exited is recorded and, if it should run, scheduled
     * to start again; a scheduled restart whose time has come is started.
     */
    synchronized void supervise(long now) throws IOException {
        if (process != null
                && !process.isAlive()
                && restartAtMillis < 0
                && state.pid != null
                && state.pid == process.pid()) {
            state.lastExit =
                    "exit code " + process.exitValue() + " at " + Instant.ofEpochMilli(now);
            state.health = null;
            if (!wanted) {
                state.status = "stopped";
                return;
            }
            quickFailures = now - startedAtMillis < STABLE_AFTER_MILLIS ? quickFailures + 1 : 0;
            long backoff =
                    Math.min(
                            MAX_BACKOFF_MILLIS,
                            1000L << Math.min(4, Math.max(0, quickFailures - 1)));
            restartAtMillis = now + backoff;
            state.status = "restarting";
        }
        if (wanted && restartAtMillis >= 0 && now >= restartAtMillis) {
            state.restarts++;
            start();
        }
        if (process != null && process.isAlive()) {
            state.uptimeSeconds = (now - startedAtMillis) / 1000;
        } else {
            state.uptimeSeconds = null;
        }
    }

    /**
     * Records the health the supervisor just read; "running" once the service answers its health
     * endpoint.
     */
    synchronized void health(String health) {
        if (process == null || !process.isAlive()) {
            return;
        }
        state.health = health;
        if (health != null && !health.equals("unreachable")) {
            state.status = "running";
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stopped on request: the restart policy leaves it stopped until {@link #start()}. */
    void stop() {
        Process current;
        synchronized (this) {
            wanted = false;
            restartAtMillis = -1;
            current = process;
        }
        if (current != null) {
            Processes.stop(current.toHandle(), STOP_GRACE);
        }
        synchronized (this) {
            state.status = "stopped";
            state.health = null;
            state.uptimeSeconds = null;
            if (current != null && !current.isAlive()) {
                state.lastExit = "stopped on request at " + Instant.now();
            }
        }
    }

    /** Stopped and started again on request, possibly in another mode; counts as a restart. */
    void restart() throws IOException {
        stop();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Processes.free(spec.port) && System.currentTimeMillis() < deadline) {
            Processes.sleep(100);
        }
        synchronized (this) {
            state.restarts++;
            start();
        }
    }

    /**
     * Whether the service exited before it ever answered its health endpoint (a start that failed).
     */
    synchronized boolean exitedBeforeHealthy() {
        return process != null && !process.isAlive() && !"running".equals(state.status);
    }

    synchronized Integer exitCode() {
        return process != null && !process.isAlive() ? process.exitValue() : null;
    }
}
