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
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link JdbcCallBenchmark} and {@link NetworkCallBenchmark} in three set-ups in one go — no
 * agent, agent idle, agent with faults active on other targets (another SQL pattern, another host)
 * — and prints each figure with its difference and ratio to the no-agent baseline of the same run;
 * then {@link DelayAccuracyBenchmark} for the accuracy of delays.
 *
 * <pre>java -jar bench/target/benchmarks.jar [path/to/faultline-agent.jar]</pre>
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

        Map<String, Map<String, RunResult>> results = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> setup : setups.entrySet()) {
            Options options =
                    new OptionsBuilder()
                            .include(JdbcCallBenchmark.class.getName())
                            .include(NetworkCallBenchmark.class.getName())
                            .forks(3)
                            .jvmArgsAppend(setup.getValue())
                            .build();
            Collection<RunResult> run = new Runner(options).run();
            Map<String, RunResult> byBenchmark = new LinkedHashMap<>();
            run.forEach(result -> byBenchmark.put(shortName(result), result));
            results.put(setup.getKey(), byBenchmark);
        }
        print(results, "no agent");
        delayAccuracy(agent, faults);
        Files.deleteIfExists(faults);
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
