// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * How far injected delays stray from what was asked, with one caller, with eight callers delayed at
 * once, and with one caller beside seven threads keeping the cores busy ({@link
 * DelayAccuracyBenchmark}), under one {@code delay: 100ms} fault enabled from a config file.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.faultline.bench.DelayAccuracyReport [agent.jar]
 * </pre>
 */
public final class DelayAccuracyReport {
    private DelayAccuracyReport() {}

    public static void main(String[] args) throws IOException, RunnerException {
        Path agent = OverheadReport.agentJar(args);
        Path faults = Files.createTempFile("faultline-delay-", ".json");
        try {
            Files.write(
                    faults,
                    ("{\"id\": \"accuracy\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \""
                                    + DelayAccuracyBenchmark.DELAY_MILLIS
                                    + "ms\", \"match\": {\"sql\": \"delayed_table\"}, \"duration\": \"1h\"}")
                            .getBytes(StandardCharsets.UTF_8));
            String prefix = DelayAccuracyBenchmark.class.getName() + ".";
            Collection<RunResult> results =
                    new Runner(
                                    new OptionsBuilder()
                                            .include(prefix + "delayedCall$")
                                            .include(prefix + "delayedCallEightThreads$")
                                            .include(prefix + "underLoad$")
                                            .forks(1)
                                            .shouldFailOnError(true)
                                            .jvmArgsAppend(
                                                    "-javaagent:"
                                                            + agent
                                                            + "=log=off,config="
                                                            + faults)
                                            .build())
                            .run();
            System.out.println();
            System.out.println(
                    "load average "
                            + new String(
                                            Files.readAllBytes(Path.of("/proc/loadavg")),
                                            StandardCharsets.US_ASCII)
                                    .trim()
                            + " (after)");
            for (RunResult result : results) {
                String name = OverheadReport.shortName(result);
                Map<String, Result> secondary = result.getSecondaryResults();
                // A group's own figure mixes its methods: the delayed method's is a secondary one.
                Statistics samples =
                        name.equals("underLoad")
                                ? secondary.get("delayedCallUnderLoad").getStatistics()
                                : result.getPrimaryResult().getStatistics();
                print(name, samples);
            }
        } finally {
            Files.deleteIfExists(faults);
        }
    }

    static void print(String name, Statistics samples) {
        double asked = DelayAccuracyBenchmark.DELAY_MILLIS;
        System.out.printf(
                "%-24s delay %d ms, %d calls: error p50 %+.3f ms, p99 %+.3f ms, max %+.3f ms, min %+.3f ms%n",
                name,
                DelayAccuracyBenchmark.DELAY_MILLIS,
                samples.getN(),
                samples.getPercentile(50) - asked,
                samples.getPercentile(99) - asked,
                samples.getMax() - asked,
                samples.getMin() - asked);
    }
}
