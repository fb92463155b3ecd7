// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link InjectionEventBenchmark} with the agent and a 1 ns {@code delay} fault, in three
 * set-ups in one go — no recording (the baseline), a recording with the JDK's default settings
 * (Faultline's events on, with stack traces), and a recording with Faultline's events switched off
 * — and prints each figure against the baseline of the same run.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.faultline.bench.FlightRecorderReport [path/to/faultline-agent.jar]
 * </pre>
 */
public final class FlightRecorderReport {
    private FlightRecorderReport() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path agent = OverheadReport.agentJar(args);
        Path faults = Files.createTempFile("faultline-bench-", ".json");
        Path recordings = Files.createTempDirectory("faultline-bench-jfr-");
        Files.write(
                faults,
                ("{\"id\": \"recorded\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"PT0.000000001S\","
                                + " \"match\": {\"sql\": \"injected_table\"}, \"duration\": \"1h\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String javaagent = "-javaagent:" + agent + "=log=off,config=" + faults;
        // A bounded recording on disk: millions of events a second would otherwise fill the disk.
        String recording =
                "-XX:StartFlightRecording=settings=default,disk=true,maxsize=200m,filename="
                        + recordings.resolve("bench.jfr");

        Map<String, String[]> setups = new LinkedHashMap<>();
        setups.put("no recording", new String[] {javaagent});
        setups.put("recording", new String[] {javaagent, recording});
        // JDK 17 takes no event settings on the command line: a copy of the default settings with
        // the injection events off.
        Path withoutInjections = recordings.resolve("no-injections.jfc");
        String defaults =
                new String(
                        Files.readAllBytes(
                                Paths.get(
                                        System.getProperty("java.home"),
                                        "lib",
                                        "jfr",
                                        "default.jfc")),
                        StandardCharsets.UTF_8);
        Files.write(
                withoutInjections,
                defaults.replace(
                                "</configuration>",
                                "<event name=\"dev.faultline.Injection\"><setting name=\"enabled\">false</setting></event></configuration>")
                        .getBytes(StandardCharsets.UTF_8));
        setups.put(
                "recording, off",
                new String[] {
                    javaagent,
                    recording.replace("settings=default", "settings=" + withoutInjections)
                });

        Map<String, Map<String, RunResult>> results = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> setup : setups.entrySet()) {
            Options options =
                    new OptionsBuilder()
                            .include(InjectionEventBenchmark.class.getName())
                            .forks(2)
                            .jvmArgsAppend(setup.getValue())
                            .build();
            Map<String, RunResult> byBenchmark = new LinkedHashMap<>();
            new Runner(options)
                    .run()
                    .forEach(result -> byBenchmark.put(OverheadReport.shortName(result), result));
            results.put(setup.getKey(), byBenchmark);
        }
        OverheadReport.print(results, "no recording");
        Files.deleteIfExists(faults);
        try (var files = Files.list(recordings)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(recordings);
    }
}
