// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The stack's supervisor, a process of its own that {@code up} starts in the background: it starts
 * PostgreSQL, the broker and the services, then once a second restarts what exited, reads each
 * service's health, carries out requests ({@code restart}, {@code stop}, {@code start}) and
 * rewrites the state file. SIGTERM ({@code down}) stops everything it started, services first.
 */
public final class Supervisor {
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final StackLayout layout;
    private final StackPlan plan;
    private final StackState state = new StackState();
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final Map<String, ManagedService> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;

    Supervisor(StackLayout layout, StackPlan plan) {
        this.layout = layout;
        this.plan = plan;
        this.postgres = new PostgresServer(layout, plan);
        this.kafka = new KafkaBroker(layout, plan);
        for (ServiceSpec spec : plan.services()) {
            ManagedService service = new ManagedService(spec, layout, plan);
            services.put(spec.instance, service);
            state.services.add(service.state);
        }
        state.supervisorPid = ProcessHandle.current().pid();
        state.directory = layout.stateDirectory.toString();
        state.plan = plan;
        state.startedAt = Instant.now().toString();
    }

    /**
     * {@code java -cp faultline-stack.jar dev.faultline.samples.stack.Supervisor <state directory>}
     */
    public static void main(String[] args) {
        StackLayout layout = StackLayout.of(Paths.get(args[0]));
        StackPlan plan;
        try {
            plan =
                    StackState.JSON.readValue(
                            layout.stateDirectory.resolve("plan.json").toFile(), StackPlan.class);
        } catch (IOException e) {
            System.err.println("cannot read the stack plan: " + e.getMessage());
            System.exit(3);
            return;
        }
        Supervisor supervisor = new Supervisor(layout, plan);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::shutdown, "stack-shutdown"));
        System.exit(supervisor.run());
    }

    int run() {
        try {
            startAll();
        } catch (Exception e) {
            String reason = e instanceof StackException ? e.getMessage() : e.toString();
            System.err.println("the stack did not start: " + reason);
            state.error = reason;
            stopEverything("failed");
            return 1;
        }
        try {
            superviseUntilStopped();
        } catch (RuntimeException e) {
            state.error = "supervisor failed: " + e;
            e.printStackTrace();
            stopEverything("failed");
            return 1;
        }
        return 0;
    }

    private void startAll() throws Exception {
        state.state = "starting";
        publish();
        for (ServiceSpec spec : plan.services()) {
            if (!Processes.free(spec.port)) {
                throw new StackException(
                        "port "
                                + spec.port
                                + " for "
                                + spec.instance
                                + " is in use by another process"
                                + " (a stack already up? samples/stack status; or choose other ports with --base-port)");
            }
        }
        for (int port :
                List.of(plan.postgresPort(), plan.kafkaPort(), plan.kafkaControllerPort())) {
            if (!Processes.free(port)) {
                throw new StackException(
                        "port "
                                + port
                                + " is in use by another process (a stack already up? samples/stack status; or --base-port)");
            }
        }
        // Each piece starts as soon as what it needs is there: on two cores the JVMs' start-up is
        // the
        // cost, so the broker's JVM and coordination (which needs nothing) start first, side by
        // side
        // with PostgreSQL; product once PostgreSQL is up; inventory and order once the topic
        // exists.
        // Services that start before coordination answers register as soon as it does.
        kafka.start();
        ManagedService coordination = services.get("coordination");
        coordination.start();
        postgres.start();
        state.postgres =
                infrastructure(
                        postgres.pid(), plan.postgresPort(), postgres.address(), postgres.log());
        publish();
        List<ManagedService> needDatabaseOnly = new ArrayList<>();
        List<ManagedService> needBroker = new ArrayList<>();
        for (ManagedService service : services.values()) {
            if (service != coordination) {
                (service.spec.usesKafka() ? needBroker : needDatabaseOnly).add(service);
            }
        }
        for (ManagedService service : needDatabaseOnly) {
            service.start();
        }
        kafka.awaitReadyAndCreateTopics(Duration.ofSeconds(120));
        state.kafka =
                infrastructure(kafka.pid(), plan.kafkaPort(), plan.bootstrapServers(), kafka.log());
        publish();
        for (ManagedService service : needBroker) {
            service.start();
        }
        awaitHealthy(new ArrayList<>(services.values()));
        state.state = "up";
        publish();
    }

    private void awaitHealthy(List<ManagedService> starting) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            for (ManagedService service : starting) {
                if (service.exitedBeforeHealthy()) {
                    throw new StackException(
                            service.spec.instance
                                    + " exited with code "
                                    + service.exitCode()
                                    + " while starting; last lines of "
                                    + service.state.log
                                    + ":\n"
                                    + Processes.tail(Path.of(service.state.log), 25));
                }
            }
            readHealth();
            publish();
            if (starting.stream()
                    .allMatch(s -> "running".equals(s.state.status) && healthy(s.state.health))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder why = new StringBuilder();
                for (ManagedService service : starting) {
                    if (!healthy(service.state.health)) {
                        why.append(service.spec.instance)
                                .append(" is not healthy after ")
                                .append(START_TIMEOUT.toSeconds())
                                .append(" s (health: ")
                                .append(service.state.health)
                                .append("); last lines of ")
                                .append(service.state.log)
                                .append(":\n")
                                .append(Processes.tail(Path.of(service.state.log), 25));
                    }
                }
                throw new StackException(why.toString());
            }
            Processes.sleep(500);
        }
    }

    static boolean healthy(String health) {
        return "UP".equals(health) || "DEGRADED".equals(health);
    }

    private void superviseUntilStopped() {
        while (!stopping) {
            long now = System.currentTimeMillis();
            for (ManagedService service : services.values()) {
                try {
                    service.supervise(now);
                } catch (IOException | StackException e) {
                    service.state.status = "failed";
                    service.state.lastExit = "could not start again: " + e.getMessage();
                }
            }
            handleRequests();
            readHealth();
            boolean allHealthy =
                    services.values().stream()
                            .allMatch(
                                    s ->
                                            "stopped".equals(s.state.status)
                                                    || healthy(s.state.health));
            state.state = allHealthy ? "up" : "degraded";
            publish();
            try {
                if (stopped.await(1000, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Every service's actuator health, read side by side so that one slow service does not hold up
     * the others.
     */
    private void readHealth() {
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (ManagedService service : services.values()) {
            if (!service.alive()) {
                continue;
            }
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(service.spec.url() + "/actuator/health"))
                            .timeout(HEALTH_TIMEOUT)
                            .GET()
                            .build();
            reads.add(
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                            .handle(
                                    (response, failure) -> {
                                        service.health(
                                                failure != null
                                                        ? "unreachable"
                                                        : healthStatus(response.body()));
                                        return null;
                                    }));
        }
        CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])).join();
    }

    private static String healthStatus(String body) {
        try {
            JsonNode status = StackState.JSON.readTree(body).get("status");
            return status == null ? "unknown" : status.asText();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Requests from the command: {@code requests/<id>.json}, answered by {@code
     * requests/<id>.done}.
     */
    private void handleRequests() {
        Path directory = layout.requests();
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                String answer;
                try {
                    answer = handle(StackState.JSON.readValue(file.toFile(), StackRequest.class));
                } catch (IOException | RuntimeException e) {
                    answer = "error: " + e.getMessage();
                }
                Path done =
                        file.resolveSibling(
                                file.getFileName().toString().replace(".json", ".done"));
                // The state file says what the request did before the command hears the answer:
                // a command that reads it next must not find the service's previous process
                // still listed as running and healthy.
                publish();
                Files.writeString(done, answer);
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("cannot read requests: " + e);
        }
    }

    private String handle(StackRequest request) throws IOException {
        ManagedService service = services.get(request.service);
        if (service == null) {
            plan.service(request.service); // throws with the list of services
        }
        if (request.mode != null) {
            plan.modes.put(request.service, StackPlan.Mode.check(request.mode));
        }
        if (request.properties != null && !request.properties.isEmpty()) {
            plan.properties
                    .computeIfAbsent(request.service, k -> new LinkedHashMap<>())
                    .putAll(request.properties);
        }
        switch (request.action) {
            case "restart":
                service.restart();
                return "ok: " + request.service + " restarting (pid " + service.state.pid + ")";
            case "stop":
                service.stop();
                return "ok: " + request.service + " stopped";
            case "start":
                service.start();
                return "ok: " + request.service + " starting (pid " + service.state.pid + ")";
            default:
                return "error: unknown action '" + request.action + "' (restart, stop, start)";
        }
    }

    private void publish() {
        state.updatedAt = Instant.now().toString();
        if (state.postgres != null) {
            state.postgres.pid = postgres.pid();
        }
        state.write(layout.stateFile());
    }

    private static StackState.Infrastructure infrastructure(
            Long pid, int port, String address, Path log) {
        StackState.Infrastructure infrastructure = new StackState.Infrastructure();
        infrastructure.pid = pid;
        infrastructure.port = port;
        infrastructure.address = address;
        infrastructure.log = log.toString();
        return infrastructure;
    }

    /**
     * SIGTERM or the end of {@link #run()}: services first (they hold connections to both), then
     * the broker and PostgreSQL.
     */
    private void shutdown() {
        if (!stopping) {
            stopEverything("down");
        }
    }

    private synchronized void stopEverything(String finalState) {
        if (stopping && "down".equals(state.state)) {
            return;
        }
        stopping = true;
        stopped.countDown();
        if (!"failed".equals(finalState)) {
            state.state = "stopping";
            publish();
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ManagedService service : services.values()) {
            Thread stopper = new Thread(service::stop, "stop-" + service.spec.instance);
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka.stop();
        postgres.stop();
        state.state = finalState;
        publish();
    }
}
