// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Faultline beside Byteman, in one run: {@link JdbcCallBenchmark} and {@link NetworkCallBenchmark}
 * (calls no fault or rule acts on) and {@link PeerFiringBenchmark} (calls both fault) without an
 * agent, with Faultline idle, with Byteman's rules ({@code bench/peer/byteman.btm}) and with
 * Faultline's equivalent faults ({@code bench/peer/faultline.json}) loaded at start-up. The set-ups
 * are alternated, one fork each per round, so that the machine's load falls on all of them alike;
 * every figure is set against the no-agent baseline of the same run.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.faultline.bench.PeerCompareReport [agent.jar [rounds]]
 * </pre>
 */
public final class PeerCompareReport {
    private PeerCompareReport() {}

    /** A set-up's JVM options, and what PeerFiringBenchmark's calls must do under it. */
    private static final class Setup {
        final String[] jvmArgs;
        final String expect;

        Setup(String expect, String... jvmArgs) {
            this.jvmArgs = jvmArgs;
            this.expect = expect;
        }
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path agent = OverheadReport.agentJar(args);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path byteman = existing("bench/target/byteman.jar");
        Path rules = existing("bench/peer/byteman.btm");
        Path faults = existing("bench/peer/faultline.json");

        Map<String, Setup> setups = new LinkedHashMap<>();
        setups.put("no agent", new Setup("pass"));
        setups.put("Faultline idle", new Setup("pass", "-javaagent:" + agent + "=log=off"));
        setups.put(
                "Byteman rules",
                new Setup(
                        "fire",
                        "-javaagent:" + byteman + "=script:" + rules + ",boot:" + byteman,
                        "-Dorg.jboss.byteman.transform.all"));
        setups.put(
                "Faultline faults",
                new Setup("fire", "-javaagent:" + agent + "=log=off,config=" + faults));

        String loadBefore = loadAverage();
        // set-up -> benchmark -> every measured iteration of every round
        Map<String, Map<String, ListStatistics>> scores = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Setup> setup : setups.entrySet()) {
                System.out.printf("%n== round %d of %d: %s%n", round, rounds, setup.getKey());
                List<String> jvmArgs = new ArrayList<>(List.of(setup.getValue().jvmArgs));
                jvmArgs.add("-Dpeer.expect=" + setup.getValue().expect);
                OptionsBuilder options = new OptionsBuilder();
                options.include(JdbcCallBenchmark.class.getName())
                        .include(NetworkCallBenchmark.class.getName())
                        .include(PeerFiringBenchmark.class.getName())
                        .forks(1)
                        // A firing check that fails (a rule that did not load) ends the run.
                        .shouldFailOnError(true)
                        .jvmArgsAppend(jvmArgs.toArray(new String[0]));
                for (RunResult result : new Runner(options.build()).run()) {
                    ListStatistics into =
                            scores.computeIfAbsent(setup.getKey(), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(
                                            OverheadReport.shortName(result),
                                            k -> new ListStatistics());
                    for (BenchmarkResult fork : result.getBenchmarkResults()) {
                        for (IterationResult iteration : fork.getIterationResults()) {
                            into.addValue(iteration.getPrimaryResult().getScore());
                        }
                    }
                }
            }
        }
        print(scores, rounds, loadBefore, loadAverage());
    }

    private static Path existing(String path) {
        Path file = Paths.get(path).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            System.err.println(
                    "No "
                            + file
                            + ": run from the repository's root after ./mvnw -B -q -ntp -pl bridge,agent,bench -am package -DskipTests");
            System.exit(2);
        }
        return file;
    }

    private static String loadAverage() throws IOException {
        Path proc = Paths.get("/proc/loadavg");
        if (!Files.isReadable(proc)) {
            return "unknown";
        }
        String[] fields =
                new String(Files.readAllBytes(proc), StandardCharsets.US_ASCII).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /**
     * What a set-up is for a benchmark: the firing benchmarks meet the rules, the others do not.
     */
    private static String role(String setup, String benchmark) {
        boolean firing = benchmark.endsWith("Error") || benchmark.endsWith("Delay");
        switch (setup) {
            case "Byteman rules":
                return firing ? "Byteman firing" : "Byteman armed, not firing";
            case "Faultline faults":
                return firing ? "Faultline firing" : "Faultline fault elsewhere";
            default:
                return setup;
        }
    }

    static void print(
            Map<String, Map<String, ListStatistics>> scores,
            int rounds,
            String loadBefore,
            String loadAfter) {
        Map<String, ListStatistics> baseline = scores.get("no agent");
        System.out.println();
        System.out.printf(
                "%d rounds, set-ups alternated, 1 fork each per round; load average %s before, %s after; %s%n",
                rounds, loadBefore, loadAfter, System.getProperty("java.vm.version"));
        System.out.println();
        // The median beside the mean: on a shared machine one descheduled iteration can move a
        // mean by more than the difference being measured, and the median shows whether it did.
        System.out.println(
                "| benchmark | set-up | ns/op (mean ± 99.9 %) | vs no agent | ratio | median ns/op | median ratio |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (String benchmark : baseline.keySet()) {
            double base = baseline.get(benchmark).getMean();
            double baseMedian = baseline.get(benchmark).getPercentile(50);
            for (Map.Entry<String, Map<String, ListStatistics>> setup : scores.entrySet()) {
                ListStatistics s = setup.getValue().get(benchmark);
                System.out.printf(
                        "| %s | %s | %.2f ± %.2f | %+.2f | %.3f | %.2f | %.3f |%n",
                        benchmark,
                        role(setup.getKey(), benchmark),
                        s.getMean(),
                        s.getMeanErrorAt(0.999),
                        s.getMean() - base,
                        s.getMean() / base,
                        s.getPercentile(50),
                        s.getPercentile(50) / baseMedian);
            }
        }
    }
}
