// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samples/stack}: bring the sample system up, show it, restart a service, bring it down. */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        description =
                "Runs the sample system: embedded PostgreSQL, a KRaft broker and the services, each with the Faultline agent.",
        subcommands = {
            StackCommand.Up.class,
            StackCommand.Status.class,
            StackCommand.Down.class,
            StackCommand.Restart.class,
            StackCommand.Stop.class,
            StackCommand.Start.class,
            StackCommand.Pid.class,
            StackCommand.WarmUp.class
        })
public final class StackCommand implements Runnable {
    static final int FAILED = 1;
    static final int USAGE = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new StackCommand())
                .setExecutionExceptionHandler(
                        (failure, command, parsed) -> {
                            command.getErr()
                                    .println(
                                            "stack: "
                                                    + (failure instanceof StackException
                                                            ? failure.getMessage()
                                                            : failure.toString()));
                            return FAILED;
                        })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code --dir}, shared by every subcommand. */
    static final class Directory {
        @Option(
                names = "--dir",
                paramLabel = "<dir>",
                description =
                        "state directory: state file, logs, data (default: $FAULTLINE_STACK_DIR, else target/stack in the repository)")
        Path directory;

        StackLayout layout() {
            return StackLayout.of(directory);
        }

        StackState running() {
            StackState state = StackState.read(layout().stateFile());
            if (state == null || !Processes.alive(state.supervisorPid)) {
                throw new StackException(
                        "no stack is up in "
                                + layout().stateDirectory
                                + " (samples/stack up starts one)");
            }
            return state;
        }
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description =
                    "Start PostgreSQL, the broker and every service; return once all are healthy.")
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin Directory directory = new Directory();

        @Option(
                names = "--mode",
                paramLabel = "naive|improved",
                description = "resilience settings of every service (default: improved)")
        String mode = StackPlan.Mode.IMPROVED;

        @Option(
                names = "--mode-of",
                paramLabel = "<service>=<mode>",
                description = "one service in another mode, e.g. --mode-of order=naive")
        Map<String, String> modes = new LinkedHashMap<>();

        @Option(
                names = "--set",
                paramLabel = "<service>.<property>=<value>",
                description =
                        "a Spring property of one service, e.g. --set order.sample.discovery.cache-ttl=5s")
        List<String> properties = new ArrayList<>();

        @Option(
                names = "--jvm",
                paramLabel = "<service>=<flag>",
                description = "an extra JVM flag of one service, e.g. --jvm product=-Xmx128m")
        List<String> jvmOptions = new ArrayList<>();

        @Option(
                names = "--inventory-instances",
                paramLabel = "1|2",
                description = "how many inventory instances (default: 2)")
        int inventoryInstances = 2;

        @Option(
                names = "--base-port",
                paramLabel = "<port>",
                description = "coordination's port; the others follow (default: 18080)")
        int basePort = StackPlan.DEFAULT_BASE_PORT;

        @Option(
                names = "--timeout",
                paramLabel = "<seconds>",
                description = "how long to wait for every service to be healthy (default: 180)")
        int timeoutSeconds = (int) Supervisor.START_TIMEOUT.toSeconds();

        @Override
        public Integer call() throws Exception {
            StackLayout layout = directory.layout();
            StackState previous = StackState.read(layout.stateFile());
            if (previous != null && Processes.alive(previous.supervisorPid)) {
                throw new StackException(
                        "a stack is already up in "
                                + layout.stateDirectory
                                + " (supervisor pid "
                                + previous.supervisorPid
                                + "): samples/stack status, or samples/stack down first");
            }
            StackPlan plan = new StackPlan();
            plan.mode = mode;
            plan.modes.putAll(modes);
            plan.inventoryInstances = inventoryInstances;
            plan.basePort = basePort;
            for (String property : properties) {
                String[] parts = splitOverride(property, "--set", "<service>.<property>=<value>");
                String service = parts[0].substring(0, Math.max(0, parts[0].indexOf('.')));
                if (service.isEmpty()) {
                    throw new StackException(
                            "--set "
                                    + property
                                    + ": expected <service>.<property>=<value>, e.g. order.sample.discovery.cache-ttl=5s");
                }
                plan.properties
                        .computeIfAbsent(service, k -> new LinkedHashMap<>())
                        .put(parts[0].substring(service.length() + 1), parts[1]);
            }
            for (String option : jvmOptions) {
                String[] parts = splitOverride(option, "--jvm", "<service>=<flag>");
                plan.jvmOptions.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
            }
            plan.validate();
            // Fail here, before anything starts, when a piece of the build is missing.
            layout.agentJar();
            layout.brokerLibraries();
            for (ServiceSpec service : plan.services()) {
                layout.serviceJar(service.module);
            }

            Files.createDirectories(layout.logs());
            KafkaBroker.deleteRecursively(layout.requests());
            Files.createDirectories(layout.requests());
            Files.deleteIfExists(layout.stateFile());
            StackState.JSON.writeValue(layout.stateDirectory.resolve("plan.json").toFile(), plan);
            Process supervisor = startSupervisor(layout, plan);
            System.out.println(
                    "starting the stack ("
                            + plan.mode
                            + ") in "
                            + layout.stateDirectory
                            + ", supervisor pid "
                            + supervisor.pid());

            long started = System.nanoTime();
            long deadline = started + Duration.ofSeconds(timeoutSeconds + 60L).toNanos();
            String shown = "";
            while (true) {
                StackState state = StackState.read(layout.stateFile());
                if (state != null) {
                    String progress = progress(state);
                    if (!progress.equals(shown)) {
                        System.out.println(progress);
                        shown = progress;
                    }
                    if ("up".equals(state.state)) {
                        System.out.printf(
                                "stack up in %.1f s%n", (System.nanoTime() - started) / 1e9);
                        Status.print(state);
                        return 0;
                    }
                    if ("failed".equals(state.state)) {
                        System.err.println("stack: the stack did not start: " + state.error);
                        return FAILED;
                    }
                }
                if (!supervisor.isAlive() && (state == null || !"failed".equals(state.state))) {
                    System.err.println(
                            "stack: the supervisor exited with code "
                                    + supervisor.exitValue()
                                    + "; last lines of its log:\n"
                                    + Processes.tail(layout.log("supervisor"), 30));
                    return FAILED;
                }
                if (System.nanoTime() > deadline) {
                    System.err.println(
                            "stack: not up after "
                                    + (timeoutSeconds + 60)
                                    + " s; samples/stack status shows where it is");
                    return FAILED;
                }
                Processes.sleep(250);
            }
        }

        private Process startSupervisor(StackLayout layout, StackPlan plan) throws IOException {
            List<String> command = new ArrayList<>();
            // Its own session, so that a Ctrl-C meant for the terminal's next command does not
            // reach the stack.
            if (new File("/usr/bin/setsid").canExecute()) {
                command.add("/usr/bin/setsid");
            }
            command.add(Path.of(plan.javaHome, "bin", "java").toString());
            command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            command.add("-Dfaultline.repository=" + layout.repository);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Supervisor.class.getName());
            command.add(layout.stateDirectory.toString());
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(layout.log("supervisor").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        }

        private static String progress(StackState state) {
            StringBuilder line = new StringBuilder("  ").append(state.state).append(':');
            line.append(" postgres ").append(state.postgres != null ? "up" : "…");
            line.append(", kafka ").append(state.kafka != null ? "up" : "…");
            for (StackState.Service service : state.services) {
                line.append(", ")
                        .append(service.name)
                        .append(' ')
                        .append(
                                service.health != null && !"unreachable".equals(service.health)
                                        ? service.health
                                        : service.status);
            }
            return line.toString();
        }
    }

    static String[] splitOverride(String value, String option, String form) {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1) {
            throw new StackException(option + " " + value + ": expected " + form);
        }
        return new String[] {value.substring(0, equals), value.substring(equals + 1)};
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Each service's pid, port, mode, health, uptime and restarts.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin Directory directory = new Directory();

        @Option(
                names = "--json",
                description = "the state document itself (docs in samples/README.md)")
        boolean json;

        @Override
        public Integer call() throws Exception {
            StackLayout layout = directory.layout();
            StackState state = StackState.read(layout.stateFile());
            if (state == null) {
                throw new StackException(
                        "no stack has run in "
                                + layout.stateDirectory
                                + " (samples/stack up starts one)");
            }
            if (!Processes.alive(state.supervisorPid)
                    && !"down".equals(state.state)
                    && !"failed".equals(state.state)) {
                state.state = "down";
                state.error =
                        "the supervisor (pid "
                                + state.supervisorPid
                                + ") is gone; samples/stack down cleans up what it left";
            }
            if (json) {
                System.out.println(StackState.JSON.writeValueAsString(state));
            } else {
                print(state);
            }
            return "up".equals(state.state) ? 0 : 1;
        }

        static void print(StackState state) {
            System.out.println(
                    "stack "
                            + state.state
                            + (state.error != null ? ": " + state.error : "")
                            + "  (supervisor "
                            + state.supervisorPid
                            + ", "
                            + state.directory
                            + ")");
            System.out.printf(
                    "%-14s %-8s %-6s %-9s %-11s %-10s %8s %8s%n",
                    "SERVICE", "PID", "PORT", "MODE", "STATUS", "HEALTH", "UPTIME", "RESTARTS");
            if (state.postgres != null) {
                System.out.printf(
                        "%-14s %-8s %-6d%n", "postgres", state.postgres.pid, state.postgres.port);
            }
            if (state.kafka != null) {
                System.out.printf("%-14s %-8s %-6d%n", "kafka", state.kafka.pid, state.kafka.port);
            }
            for (StackState.Service s : state.services) {
                System.out.printf(
                        "%-14s %-8s %-6d %-9s %-11s %-10s %8s %8d%n",
                        s.name,
                        s.pid == null ? "-" : s.pid,
                        s.port,
                        s.mode == null ? "-" : s.mode,
                        s.status,
                        s.health == null ? "-" : s.health,
                        s.uptimeSeconds == null ? "-" : s.uptimeSeconds + "s",
                        s.restarts);
            }
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description =
                    "Stop every service, the broker and PostgreSQL; leave no process and no port behind.")
    static final class Down implements Callable<Integer> {
        @CommandLine.Mixin Directory directory = new Directory();

        @Override
        public Integer call() {
            StackLayout layout = directory.layout();
            StackState state = StackState.read(layout.stateFile());
            if (state == null) {
                System.out.println("no stack in " + layout.stateDirectory);
                return 0;
            }
            if (Processes.alive(state.supervisorPid)) {
                Processes.stop(state.supervisorPid, Duration.ofSeconds(60));
            }
            // Whatever the supervisor could not stop (it was killed, or a stop timed out) is
            // stopped here by pid.
            List<String> leftovers = new ArrayList<>();
            StackState last = StackState.read(layout.stateFile());
            if (last != null) {
                state = last;
            }
            for (StackState.Service service : state.services) {
                if (Processes.alive(service.pid)) {
                    leftovers.add(service.name + " " + service.pid);
                    Processes.stop(service.pid, Duration.ofSeconds(10));
                }
            }
            if (state.kafka != null && Processes.alive(state.kafka.pid)) {
                leftovers.add("kafka " + state.kafka.pid);
                Processes.stop(state.kafka.pid, Duration.ofSeconds(20));
            }
            if (state.postgres != null && Processes.alive(state.postgres.pid)) {
                leftovers.add("postgres " + state.postgres.pid);
                Processes.stop(state.postgres.pid, Duration.ofSeconds(20));
            }
            if (!leftovers.isEmpty()) {
                System.out.println(
                        "stopped what the supervisor left: " + String.join(", ", leftovers));
            }
            List<Integer> busy = new ArrayList<>();
            StackPlan plan = state.plan != null ? state.plan : new StackPlan();
            List<Integer> ports =
                    new ArrayList<>(
                            List.of(
                                    plan.postgresPort(),
                                    plan.kafkaPort(),
                                    plan.kafkaControllerPort()));
            plan.services().forEach(s -> ports.add(s.port));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int port : ports) {
                while (Processes.listening(port) && System.nanoTime() < deadline) {
                    Processes.sleep(100);
                }
                if (Processes.listening(port)) {
                    busy.add(port);
                }
            }
            state.state = "down";
            state.write(layout.stateFile());
            if (!busy.isEmpty()) {
                System.err.println(
                        "stack: down, but something still listens on "
                                + busy
                                + " (not a process of this stack?)");
                return FAILED;
            }
            System.out.println("stack down; logs in " + layout.logs());
            return 0;
        }
    }

    /** restart, stop and start: a request to the supervisor, then a wait for its answer. */
    abstract static class ServiceRequest implements Callable<Integer> {
        @CommandLine.Mixin Directory directory = new Directory();

        @Parameters(
                index = "0",
                paramLabel = "<service>",
                description = "coordination, product, inventory-1, inventory-2, order")
        String service;

        @Option(
                names = "--no-wait",
                description =
                        "return once the supervisor has acted, without waiting for the service to be healthy")
        boolean noWait;

        abstract String action();

        StackRequest request() {
            StackRequest request = new StackRequest();
            request.action = action();
            request.service = service;
            return request;
        }

        @Override
        public Integer call() throws Exception {
            StackState state = directory.running();
            state.plan.service(service);
            StackLayout layout = directory.layout();
            String id = UUID.randomUUID().toString();
            Path file = layout.requests().resolve(id + ".json");
            Path temporary = layout.requests().resolve(id + ".tmp");
            StackState.JSON.writeValue(temporary.toFile(), request());
            Files.move(temporary, file);
            Path done = layout.requests().resolve(id + ".done");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(done)) {
                if (System.nanoTime() > deadline) {
                    throw new StackException("the supervisor did not answer within 60 s");
                }
                Processes.sleep(100);
            }
            String answer = Files.readString(done);
            Files.deleteIfExists(done);
            if (answer.startsWith("error")) {
                System.err.println("stack: " + answer);
                return FAILED;
            }
            System.out.println(answer);
            return noWait ? 0 : awaitOutcome(layout);
        }

        /**
         * restart and start wait for the service to be healthy again, so that the next command
         * finds it serving. The supervisor publishes the state before it answers, so the state read
         * here already shows the process the request started, not the one it replaced.
         */
        int awaitOutcome(StackLayout layout) {
            long deadline = System.nanoTime() + Supervisor.START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                StackState.Service now = StackState.read(layout.stateFile()).service(service);
                if ("running".equals(now.status) && Supervisor.healthy(now.health)) {
                    System.out.println(service + " healthy (" + now.health + "), pid " + now.pid);
                    return 0;
                }
                Processes.sleep(250);
            }
            System.err.println(
                    "stack: "
                            + service
                            + " is not healthy yet; see samples/stack status and its log");
            return FAILED;
        }
    }

    @Command(
            name = "restart",
            mixinStandardHelpOptions = true,
            description =
                    "Stop one service and start it again, optionally in another mode or with other properties.")
    static final class Restart extends ServiceRequest {
        @Option(
                names = "--mode",
                paramLabel = "naive|improved",
                description = "the service's resilience settings from now on")
        String mode;

        @Option(
                names = "--set",
                paramLabel = "<property>=<value>",
                description =
                        "a Spring property from now on, e.g. --set sample.discovery.cache-ttl=5s")
        List<String> properties = new ArrayList<>();

        @Override
        String action() {
            return "restart";
        }

        @Override
        StackRequest request() {
            StackRequest request = super.request();
            request.mode = mode == null ? null : StackPlan.Mode.check(mode);
            request.properties = new LinkedHashMap<>();
            for (String property : properties) {
                String[] parts = splitOverride(property, "--set", "<property>=<value>");
                request.properties.put(parts[0], parts[1]);
            }
            return request;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description =
                    "Stop one service and keep it stopped (the restart policy leaves it alone) until start.")
    static final class Stop extends ServiceRequest {
        @Override
        String action() {
            return "stop";
        }

        @Override
        int awaitOutcome(StackLayout layout) {
            return 0;
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start a stopped service again.")
    static final class Start extends ServiceRequest {
        @Override
        String action() {
            return "start";
        }
    }

    @Command(
            name = "warm-up",
            mixinStandardHelpOptions = true,
            description =
                    "Place orders and read products until every service is compiled, pooled and UP (circuit breakers closed), so that an experiment starts from a steady state.")
    static final class WarmUp implements Callable<Integer> {
        @CommandLine.Mixin Directory directory = new Directory();

        @Option(
                names = "--orders",
                paramLabel = "<n>",
                description = "orders to place (default: 200)")
        int orders = 200;

        @Override
        public Integer call() throws Exception {
            StackState state = directory.running();
            long started = System.nanoTime();
            Map<Integer, Integer> statuses = new Warmer(state).placeOrders(orders);
            String unsteady = Warmer.awaitAllUp(state, Duration.ofSeconds(90));
            if (unsteady != null) {
                System.err.println(
                        "stack: after " + orders + " orders, not every service is UP: " + unsteady);
                return FAILED;
            }
            System.out.printf(
                    "warmed up: %d orders (answers %s) in %.1f s; every service UP%n",
                    orders, statuses, (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    @Command(
            name = "pid",
            mixinStandardHelpOptions = true,
            description = "Print the pid of one service (for faultline and jcmd).")
    static final class Pid implements Callable<Integer> {
        @CommandLine.Mixin Directory directory = new Directory();

        @Parameters(
                index = "0",
                paramLabel = "<service>",
                description =
                        "coordination, product, inventory-1, inventory-2, order, postgres, kafka")
        String service;

        @Override
        public Integer call() {
            StackState state = directory.running();
            Long pid;
            if (service.equals("postgres")) {
                pid = state.postgres == null ? null : state.postgres.pid;
            } else if (service.equals("kafka")) {
                pid = state.kafka == null ? null : state.kafka.pid;
            } else {
                state.plan.service(service);
                pid = state.service(service).pid;
            }
            if (!Processes.alive(pid)) {
                System.err.println("stack: " + service + " is not running");
                return FAILED;
            }
            System.out.println(pid);
            return 0;
        }
    }
}
