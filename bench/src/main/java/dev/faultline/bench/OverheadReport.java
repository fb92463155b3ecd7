// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link JdbcCallBenchmark}, {@link PostgresCallBenchmark} and {@link NetworkCallBenchmark} in
 * three set-ups — no agent, agent idle, agent with faults active on other targets (another SQL
 * pattern, another host) — and prints each figure with its difference and ratio to the no-agent
 * baseline of the same run; then {@link DelayAccuracyBenchmark} for the accuracy of delays.
 *
 * <pre>java -jar bench/target/benchmarks.jar [agent.jar] [rounds] [benchmark regex]</pre>
 *
 * <p>Rounds default to 3; with a benchmark regex only those benchmarks run, and the delay accuracy
 * part is left out. With {@code -Dfaultline.baseline=other-agent.jar} the other agent runs idle and
 * with the same faults too, alternated with the rest.
 */
public final class OverheadReport {
    private OverheadReport() {}

    /**
     * The agent jar a report measures: the first argument, or the one the build made; exits when
     * there is none.
     */
    static Path agentJar(String[] args) {
        Path agent =
                Paths.get(args.length > 0 ? args[0] : "agent/target/faultline-agent.jar")
                        .toAbsolutePath();
        if (!Files.isRegularFile(agent)) {
            System.err.println(
                    "No agent jar at "
                            + agent
                            + ": build it with ./mvnw -B -q -DskipTests package, or pass its path.");
            System.exit(2);
        }
        return agent;
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path agent = agentJar(args);
        Path faults = Files.createTempFile("faultline-bench-", ".json");
        Files.write(
                faults,
                ("[{\"id\": \"other-table\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"1s\","
                                + " \"match\": {\"sql\": \"(?i)from inventory\"}, \"duration\": \"1h\"},"
                                + " {\"id\": \"other-service\", \"point\": \"http.client\", \"action\": \"delay\", \"delay\": \"1s\","
                                + " \"match\": {\"host\": \"^payments\\\\.\"}, \"duration\": \"1h\"},"
                                + " {\"id\": \"other-name\", \"point\": \"dns.resolve\", \"action\": \"error\","
                                + " \"match\": {\"host\": \"^payments\\\\.\"}, \"duration\": \"1h\"}]")
                        .getBytes(StandardCharsets.UTF_8));

        Map<String, String[]> setups = new LinkedHashMap<>();
        setups.put("no agent", new String[0]);
        setups.put("agent idle", new String[] {"-javaagent:" + agent + "=log=off"});
        setups.put(
                "faults elsewhere",
                new String[] {"-javaagent:" + agent + "=log=off,config=" + faults});
        // Another build's agent (say, main's) in the same alternation, for a before/after.
        String baseline = System.getProperty("faultline.baseline");
        if (baseline != null) {
            String jar = Paths.get(baseline).toAbsolutePath().toString();
            setups.put("baseline idle", new String[] {"-javaagent:" + jar + "=log=off"});
            setups.put(
                    "baseline elsewhere",
                    new String[] {"-javaagent:" + jar + "=log=off,config=" + faults});
        }

        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String only = args.length > 2 ? args[2] : null;
        // Every round runs each set-up in one fork, in turn: a machine whose load drifts during
        // the run slows all set-ups alike instead of the one that happened to run last.
        Map<String, Map<String, ListStatistics>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String[]> setup : setups.entrySet()) {
                OptionsBuilder options = new OptionsBuilder();
                if (only != null) {
                    options.include(only);
                } else {
                    options.include(JdbcCallBenchmark.class.getName())
                            .include(PostgresCallBenchmark.class.getName())
                            .include(NetworkCallBenchmark.class.getName());
                }
                Collection<RunResult> run =
                        new Runner(options.forks(1).jvmArgsAppend(setup.getValue()).build()).run();
                Map<String, ListStatistics> bySetup =
                        results.computeIfAbsent(setup.getKey(), key -> new LinkedHashMap<>());
                for (RunResult result : run) {
                    ListStatistics iterations =
                            bySetup.computeIfAbsent(shortName(result), key -> new ListStatistics());
                    result.getBenchmarkResults()
                            .forEach(
                                    fork ->
                                            fork.getIterationResults()
                                                    .forEach(
                                                            iteration ->
                                                                    iterations.addValue(
                                                                            iteration
                                                                                    .getPrimaryResult()
                                                                                    .getScore())));
                }
            }
        }
        printRounds(results, rounds);
        if (only == null) {
            delayAccuracy(agent, faults);
        }
        Files.deleteIfExists(faults);
    }

    /**
     * Each benchmark's mean per set-up over all measured iterations of all rounds, ± its 99.9 %
     * confidence half-width, with the difference and ratio to the first set-up's mean.
     */
    static void printRounds(Map<String, Map<String, ListStatistics>> results, int rounds) {
        Map<String, ListStatistics> baseline = results.values().iterator().next();
        System.out.println();
        System.out.printf(
                "%d rounds, set-ups alternated, one fork each per round; load average now %s%n",
                rounds, loadAverage());
        System.out.printf(
                "%-28s %-18s %22s %12s %8s %10s %12s %8s%n",
                "benchmark",
                "set-up",
                "mean ns/op",
                "vs first",
                "ratio",
                "median",
                "vs first",
                "ratio");
        for (String benchmark : baseline.keySet()) {
            double base = baseline.get(benchmark).getMean();
            double baseMedian = baseline.get(benchmark).getPercentile(50);
            for (Map.Entry<String, Map<String, ListStatistics>> setup : results.entrySet()) {
                ListStatistics stats = setup.getValue().get(benchmark);
                // The median as well: on a shared machine, time taken by other processes only
                // ever adds, in bursts, and the mean takes every burst in.
                double median = stats.getPercentile(50);
                System.out.printf(
                        "%-28s %-18s %12.2f ± %7.2f %+12.2f %8.3f %10.2f %+12.2f %8.3f%n",
                        benchmark,
                        setup.getKey(),
                        stats.getMean(),
                        stats.getMeanErrorAt(0.999),
                        stats.getMean() - base,
                        stats.getMean() / base,
                        median,
                        median - baseMedian,
                        median / baseMedian);
            }
        }
    }

    /** The 1, 5 and 15 minute load averages, to judge how busy the machine was. */
    static String loadAverage() {
        try {
            String[] parts =
                    new String(
                                    Files.readAllBytes(Paths.get("/proc/loadavg")),
                                    StandardCharsets.US_ASCII)
                            .split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    /** Samples calls under a 100 ms delay fault and prints how far they stray from 100 ms. */
    private static void delayAccuracy(Path agent, Path faults) throws IOException, RunnerException {
        Files.write(
                faults,
                ("{\"id\": \"accuracy\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \""
                                + DelayAccuracyBenchmark.DELAY_MILLIS
                                + "ms\", \"match\": {\"sql\": \"delayed_table\"}, \"duration\": \"1h\"}")
                        .getBytes(StandardCharsets.UTF_8));
        Options options =
                new OptionsBuilder()
                        // Only the single caller: the loaded variants are DelayAccuracyReport's.
                        .include(DelayAccuracyBenchmark.class.getName() + ".delayedCall$")
                        .forks(1)
                        .jvmArgsAppend("-javaagent:" + agent + "=log=off,config=" + faults)
                        .build();
        Statistics samples = new Runner(options).runSingle().getPrimaryResult().getStatistics();
        double asked = DelayAccuracyBenchmark.DELAY_MILLIS;
        System.out.println();
        System.out.printf(
                "delay %d ms, %d calls: error p50 %+.3f ms, p99 %+.3f ms, max %+.3f ms, min %+.3f ms%n",
                DelayAccuracyBenchmark.DELAY_MILLIS,
                samples.getN(),
                samples.getPercentile(50) - asked,
                samples.getPercentile(99) - asked,
                samples.getMax() - asked,
                samples.getMin() - asked);
    }

    /**
     * Each benchmark's figure per set-up, with its difference and ratio to the first set-up's (the
     * baseline).
     */
    static void print(Map<String, Map<String, RunResult>> results, String baselineName) {
        Map<String, RunResult> baseline = results.values().iterator().next();
        System.out.println();
        System.out.printf(
                "%-28s %-20s %14s %14s %8s%n",
                "benchmark", "set-up", "ns/op", "vs " + baselineName, "ratio");
        for (String benchmark : baseline.keySet()) {
            double base = baseline.get(benchmark).getPrimaryResult().getScore();
            for (Map.Entry<String, Map<String, RunResult>> setup : results.entrySet()) {
                RunResult result = setup.getValue().get(benchmark);
                double score = result.getPrimaryResult().getScore();
                double error = result.getPrimaryResult().getScoreError();
                System.out.printf(
                        "%-28s %-20s %8.2f ± %4.2f %+13.2f %8.3f%n",
                        benchmark, setup.getKey(), score, error, score - base, score / base);
            }
        }
    }

    static String shortName(RunResult result) {
        String name = result.getParams().getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
