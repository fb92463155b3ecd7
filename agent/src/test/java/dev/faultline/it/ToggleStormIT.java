// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storm of control commands against an application at work: more than 10,000 faults enabled and
 * disabled, or left to expire, from four control threads (three over JMX, one with the JDK's {@code
 * jcmd}), while eight application threads call PostgreSQL through HikariCP, an HTTP server and a
 * Kafka broker. Nothing may reach the application but what the faults asked for, every injection
 * the application saw must be in the faults' own counts and no more, and when the storm is over the
 * agent must have left no fault, thread or memory behind.
 */
class ToggleStormIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int JMX_THREADS = 3;
    private static final int JMX_CYCLES_EACH = 3_334;

    /**
     * jcmd starts a JVM per command, 0.3 to 1.5 s each on two shared cores: a few hundred at most.
     */
    private static final int JCMD_COMMANDS = 300;

    /**
     * How long the jcmd thread goes on (after the JMX threads are done, too): the storm's time
     * budget.
     */
    private static final int JCMD_SECONDS = 60;

    /** What the application can see of a fault's injections. */
    private enum Kind {
        OBSERVED,
        DELAY,
        ELSEWHERE
    }

    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    @Test
    void aStormOfTogglesLosesNothingAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("faultline.log");
        String classpath =
                ChildJvm.CLASSPATH
                        + java.io.File.pathSeparator
                        + System.getProperty("faultline.it.kafka4.classpath");
        String bootstrap = KafkaBroker.bootstrap();
        try (LoopbackHttpServer http = new LoopbackHttpServer();
                ChildJvm app =
                        ChildJvm.start(
                                Jdk.current(),
                                classpath,
                                "dev.faultline.it.app.StormWorkload",
                                Collections.emptyMap(),
                                ChildJvm.javaagent("log=" + log + ",log-format=json"));
                Jmx jmx = Jmx.connect(app.pid())) {
            Jcmd jcmd = new Jcmd(Jdk.current(), app.pid());
            expectOk(
                    app,
                    "setup "
                            + Postgres.url()
                            + " "
                            + Postgres.user()
                            + " "
                            + Postgres.password()
                            + " http://127.0.0.1:"
                            + http.port()
                            + " "
                            + bootstrap
                            + " storm");

            // A short storm first, so that what the first calls and faults start once (the pool's
            // connections, the producer's threads, the agent's delivery thread, JIT) is in the
            // baseline.
            expectOk(app, "start 8 60");
            storm(jmx, null, "w", 1, 300, 0, new Random(1));
            JsonNode warmUp = JSON.readTree(expectOk(app, "finish").detail);
            assertThat(warmUp.get("unexpected").asLong()).as("%s", warmUp).isZero();
            jmx.disableAll();
            awaitNoFault(jmx);
            kinds.clear();
            int baselineThreads = threads(app);
            long baselineHeapKb = heapKb(app);

            long stormStart = System.nanoTime();
            expectOk(app, "start 8 150");
            ExecutorService control = Executors.newSingleThreadExecutor();
            Future<int[]> storm =
                    control.submit(
                            () ->
                                    storm(
                                            jmx,
                                            jcmd,
                                            "x",
                                            JMX_THREADS,
                                            JMX_CYCLES_EACH,
                                            JCMD_COMMANDS,
                                            new Random(42)));
            // While the storm blows: faults enabled from inside the application, whose deadlines
            // are known.
            JsonNode probe = JSON.readTree(expectOk(app, "probe 300").detail);
            int[] cycles;
            try {
                cycles = storm.get(150, TimeUnit.SECONDS);
            } catch (TimeoutException deadlock) {
                fail(
                        "the storm did not end within 150 s; the application's threads:\n"
                                + jcmd.run("Thread.print"));
                return;
            } finally {
                control.shutdownNow();
            }
            int ended = jmx.disableAll();
            awaitNoFault(jmx);
            JsonNode outcome = JSON.readTree(expectOk(app, "finish").detail);
            double stormSeconds = (System.nanoTime() - stormStart) / 1e9;

            assertThat(outcome.get("unexpected").asLong())
                    .as("exceptions the application did not ask for: %s", outcome.get("examples"))
                    .isZero();

            // Every fault the storm enabled ended exactly once, and its count is what the
            // application saw.
            Map<String, long[]> counts = endedCounts(log);
            Map<String, Long> seen = new HashMap<>();
            outcome.get("injected")
                    .fields()
                    .forEachRemaining(e -> seen.put(e.getKey(), e.getValue().asLong()));
            long observedByFaults = 0;
            long observedByApplication = seen.values().stream().mapToLong(Long::longValue).sum();
            long delays = 0;
            for (Map.Entry<String, Kind> fault : kinds.entrySet()) {
                long[] count = counts.get(fault.getKey());
                assertThat(count).as("the end of %s in the audit log", fault.getKey()).isNotNull();
                assertThat(count[1])
                        .as("injected <= matched for %s", fault.getKey())
                        .isLessThanOrEqualTo(count[0]);
                switch (fault.getValue()) {
                    case OBSERVED:
                        assertThat(seen.getOrDefault(fault.getKey(), 0L))
                                .as("what the application saw of %s", fault.getKey())
                                .isEqualTo(count[1]);
                        observedByFaults += count[1];
                        break;
                    case ELSEWHERE:
                        assertThat(count[1])
                                .as(
                                        "injections of %s, which targets nothing the application does",
                                        fault.getKey())
                                .isZero();
                        break;
                    default:
                        delays += count[1];
                }
            }
            assertThat(seen.keySet())
                    .as("injections the application saw from faults the storm enabled")
                    .isSubsetOf(kinds.keySet());
            assertThat(observedByApplication).isEqualTo(observedByFaults);
            // Not a storm of nothing: the audit log saw 10,000 faults end, the application called
            // every
            // library, met injected errors, and the delays acted.
            assertThat(counts.size())
                    .as("faults ended in the audit log")
                    .isGreaterThanOrEqualTo(10_000);
            outcome.get("calls")
                    .fields()
                    .forEachRemaining(
                            calls ->
                                    assertThat(calls.getValue().asLong())
                                            .as("%s calls", calls.getKey())
                                            .isPositive());
            assertThat(outcome.get("calls").size()).as("libraries called").isEqualTo(3);
            assertThat(observedByApplication)
                    .as("injected errors the application saw")
                    .isPositive();
            assertThat(delays).as("delays injected").isPositive();

            assertThat(((Number) jmx.attribute("AgentErrors")).longValue()).isZero();

            // Nothing left behind: the threads return to the baseline, no fault object survives a
            // collection, and the heap after collection is where it was.
            int threadsAfter = awaitThreads(app, baselineThreads + 2);
            long activeFaultObjects = liveInstances(jcmd, "dev.faultline.core.ActiveFault");
            long heapAfterKb = heapKb(app);
            assertThat(threadsAfter).isLessThanOrEqualTo(baselineThreads + 2);
            assertThat(activeFaultObjects).isZero();
            // 16 MB: one fault kept per cycle would be well over a kilobyte each (spec, patterns,
            // latch, future, counters), 10 MB and more for 10,000 cycles.
            assertThat(heapAfterKb - baselineHeapKb).isLessThan(16 * 1024);

            double[] late = sorted(probe.get("lateMillis"));
            double[] enabling = sorted(probe.get("enableMillis"));
            assertThat(late[0])
                    .as("no probe fault ends before its deadline")
                    .isGreaterThanOrEqualTo(-1.0);
            System.out.printf(
                    "toggle storm: %d cycles over JMX, %d with jcmd (%d jcmd commands, %.0f ms each on average), %.1f s;"
                            + " application calls %s; injections seen by the application %d = counted by the faults %d; delays injected %d;"
                            + " faults ended by the final disableAll %d; threads %d -> %d; heap after GC %d KB -> %d KB; live ActiveFault %d;"
                            + " probe end after deadline (upper bound) p50 %.1f ms p99 %.1f ms max %.1f ms over %d faults (enable call p99 %.1f ms)%n",
                    cycles[0],
                    cycles[1],
                    cycles[2],
                    cycles[3] / (double) Math.max(1, cycles[2]),
                    stormSeconds,
                    outcome.get("calls"),
                    observedByApplication,
                    observedByFaults,
                    delays,
                    ended,
                    baselineThreads,
                    threadsAfter,
                    baselineHeapKb,
                    heapAfterKb,
                    activeFaultObjects,
                    late[late.length / 2],
                    late[(int) Math.ceil(late.length * 0.99) - 1],
                    late[late.length - 1],
                    late.length,
                    enabling[(int) Math.ceil(enabling.length * 0.99) - 1]);
            assertThat(late[late.length - 1])
                    .as("latest probe fault end after its deadline, ms: %s", probe)
                    .isLessThan(100.0);
        }
    }

    /**
     * Runs the storm's control threads and waits for them.
     *
     * @return cycles over JMX, cycles with jcmd, jcmd commands, milliseconds spent in them
     */
    private int[] storm(
            Jmx jmx,
            Jcmd jcmd,
            String name,
            int jmxThreads,
            int cyclesEach,
            int jcmdCommands,
            Random seeds)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(jmxThreads + 1);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            AtomicBoolean jmxDone = new AtomicBoolean();
            List<Future<int[]>> jmxResults = new ArrayList<>();
            for (int t = 0; t < jmxThreads; t++) {
                long seed = seeds.nextLong();
                String prefix = name + t + "-";
                jmxResults.add(
                        threads.submit(() -> jmxCycles(jmx, prefix, cyclesEach, new Random(seed))));
            }
            if (jcmd != null) {
                long seed = seeds.nextLong();
                results.add(
                        threads.submit(
                                () -> jcmdCycles(jcmd, jcmdCommands, jmxDone, new Random(seed))));
            }
            int[] total = new int[4];
            for (Future<int[]> result : jmxResults) {
                total[0] += result.get()[0];
            }
            jmxDone.set(true);
            for (Future<int[]> result : results) {
                int[] jcmdResult = result.get();
                total[1] += jcmdResult[0];
                total[2] += jcmdResult[1];
                total[3] += jcmdResult[2];
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    private int[] jmxCycles(Jmx jmx, String prefix, int cycles, Random random) throws Exception {
        for (int n = 0; n < cycles; n++) {
            String id = prefix + n;
            boolean expire = random.nextBoolean();
            ObjectNode spec = spec(id, random, expire);
            assertThat(jmx.enable(spec.toString())).isEqualTo(id);
            if (!expire) {
                if (random.nextInt(4) == 0) {
                    Thread.sleep(1 + random.nextInt(10));
                }
                // false when the final disableAll of another thread... none runs during the storm
                assertThat(jmx.disable(id)).as("disable %s", id).isTrue();
            }
        }
        return new int[] {cycles};
    }

    /** Cycles with jcmd until the JMX threads are done or the commands are used up. */
    private int[] jcmdCycles(Jcmd jcmd, int commands, AtomicBoolean jmxDone, Random random)
            throws Exception {
        int used = 0;
        int cycles = 0;
        long millis = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(JCMD_SECONDS);
        for (int n = 0; used < commands && (System.nanoTime() < until || !jmxDone.get()); n++) {
            String id = "j-" + n;
            boolean expire = random.nextBoolean();
            ObjectNode spec = spec(id, random, expire);
            StringBuilder command =
                    new StringBuilder("enable,")
                            .append(spec.get("point").asText())
                            .append(',')
                            .append(spec.get("action").asText());
            for (Iterator<Map.Entry<String, JsonNode>> fields = spec.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("match")) {
                    field.getValue()
                            .fields()
                            .forEachRemaining(
                                    m ->
                                            command.append(',')
                                                    .append(m.getKey())
                                                    .append(':')
                                                    .append(m.getValue().asText()));
                } else if (!field.getKey().equals("point") && !field.getKey().equals("action")) {
                    command.append(',')
                            .append(field.getKey())
                            .append(':')
                            .append(field.getValue().asText());
                }
            }
            long start = System.nanoTime();
            jcmd.agentLoad(command.toString());
            used++;
            String last = jcmd.property("faultline.last");
            assertThat(last).as(command.toString()).isEqualTo("ok " + id);
            if (!expire) {
                jcmd.agentLoad("disable," + id);
                used++;
            }
            millis += (System.nanoTime() - start) / 1_000_000;
            cycles++;
        }
        return new int[] {cycles, used, (int) millis};
    }

    /**
     * One fault of the storm: errors the application can recognise (their id in the message or
     * body), delays, and faults on things the application does not do; short-lived when it is to
     * expire on its own.
     */
    private ObjectNode spec(String id, Random random, boolean expire) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("id", id);
        int template = random.nextInt(10);
        Kind kind = template < 4 ? Kind.OBSERVED : template < 7 ? Kind.DELAY : Kind.ELSEWHERE;
        switch (template) {
            case 0:
            case 1:
                spec.put("point", "jdbc.execute")
                        .put("action", "error")
                        .put("sqlState", "40001")
                        .put("message", "storm:" + id);
                spec.putObject("match").put("sql", "storm_read");
                break;
            case 2:
                spec.put("point", "http.client")
                        .put("action", "status")
                        .put("code", 503)
                        .put("body", "storm:" + id);
                spec.putObject("match").put("path", "^/storm/");
                break;
            case 3:
                spec.put("point", "kafka.send")
                        .put("action", "error")
                        .put("error", "NetworkException")
                        .put("message", "storm:" + id);
                spec.putObject("match").put("topic", "^storm$");
                break;
            case 4:
                spec.put("point", "jdbc.execute").put("action", "delay").put("delay", "1ms..3ms");
                break;
            case 5:
                spec.put("point", "http.client").put("action", "delay").put("delay", "1ms..3ms");
                break;
            case 6:
                spec.put("point", "kafka.send").put("action", "delay").put("delay", "1ms..3ms");
                break;
            case 7:
                spec.put("point", "jdbc.execute").put("action", "error");
                spec.putObject("match").put("sql", "never_run_this");
                break;
            case 8:
                spec.put("point", "dns.resolve").put("action", "error");
                spec.putObject("match").put("host", "^nowhere\\.invalid$");
                break;
            default:
                spec.put("point", "kafka.send").put("action", "error");
                spec.putObject("match").put("topic", "^elsewhere$");
                break;
        }
        if (kind != Kind.DELAY) {
            // after, probability and limit in every combination; the counts must hold for all of
            // them
            if (random.nextInt(3) == 0) {
                spec.put("probability", random.nextInt(11) / 10.0);
            }
            if (random.nextInt(3) == 0) {
                spec.put("after", random.nextInt(4));
            }
            if (random.nextInt(3) == 0) {
                spec.put("limit", 1 + random.nextInt(5));
            }
        }
        spec.put("duration", expire ? (5 + random.nextInt(120)) + "ms" : "1m");
        kinds.put(id, kind);
        return spec;
    }

    /** From the JSON audit log: each fault's matched and injected counts as reported at its end. */
    private static Map<String, long[]> endedCounts(Path log) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, long[]> counts = new HashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            JsonNode event = json.readTree(line);
            String kind = event.path("event").asText();
            if (kind.equals("disabled") || kind.equals("expired")) {
                String id = event.path("fault").asText();
                long[] previous =
                        counts.put(
                                id,
                                new long[] {
                                    event.path("matched").asLong(-1),
                                    event.path("injected").asLong(-1)
                                });
                assertThat(previous).as("a second end of %s", id).isNull();
            }
        }
        return counts;
    }

    private static void awaitNoFault(Jmx jmx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (((Number) jmx.attribute("ActiveCount")).intValue() > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(((Number) jmx.attribute("ActiveCount")).intValue()).isZero();
    }

    private static int threads(ChildJvm app) throws Exception {
        return Integer.parseInt(expectOk(app, "threads").detail.replaceAll("count=(\\d+).*", "$1"));
    }

    /**
     * Waits for the thread count to come down to a bound (pools let idle threads go after a while):
     * two above the baseline allows for the JDK's own (the attach listener, a keep-alive timer).
     */
    private static int awaitThreads(ChildJvm app, int bound) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int count = threads(app);
        while (count > bound && System.nanoTime() < deadline) {
            Thread.sleep(250);
            count = threads(app);
        }
        return count;
    }

    private static long heapKb(ChildJvm app) throws Exception {
        return Long.parseLong(expectOk(app, "heap").detail.replace("kb=", ""));
    }

    /** Live instances of a class, from {@code jcmd GC.class_histogram} (which collects first). */
    private static long liveInstances(Jcmd jcmd, String className) throws Exception {
        long instances = 0;
        boolean registryListed = false;
        for (String line : jcmd.run("GC.class_histogram").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                instances = Long.parseLong(columns[1]);
            }
            registryListed |=
                    columns.length >= 4 && columns[3].equals("dev.faultline.core.FaultRegistry");
        }
        // The registry is always live: without its line the histogram was not read, and 0 would
        // mean nothing.
        assertThat(registryListed)
                .as("GC.class_histogram lists the agent's FaultRegistry")
                .isTrue();
        return instances;
    }

    private static double[] sorted(JsonNode values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).isNull() ? Double.MAX_VALUE : values.get(i).asDouble();
        }
        Arrays.sort(out);
        return out;
    }

    private static Reply expectOk(ChildJvm app, String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
