// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import dev.faultline.cli.experiment.ExperimentRunner;
import dev.faultline.cli.report.RunIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline run}: experiment files, one after the other, each with its report; an index over
 * the runs.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExperimentRunner.NOT_RUN,
        description = {
            "Run experiments (docs/experiments.md): steady state, method, verdicts, rollback, report.",
            "Exit code: 0 every hypothesis held, 1 one deviated (a weakness found), 2 aborted (guardrail, Ctrl-C), 3 could not run;"
                    + " with several files, the highest."
        })
final class RunCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "<experiment>",
            description = "experiment files, YAML (.yaml, .yml) or JSON")
    List<Path> files;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "where each run's report directory and the index go (default: ${DEFAULT-VALUE})")
    Path out = Paths.get("faultline-runs");

    @Option(
            names = "--dry-run",
            description =
                    "resolve the targets, check every fault spec, sample every probe once; enable nothing")
    boolean dryRun;

    @Option(
            names = "--var",
            paramLabel = "key=value",
            description = "set a variable the files use as ${key}; repeatable")
    List<String> vars = new ArrayList<>();

    @Option(
            names = "--label",
            description =
                    "a label for these runs (e.g. naive, improved); the index compares runs of one experiment by label")
    String label;

    @Override
    public Integer call() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String pair : vars) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CliException(
                        ExperimentRunner.NOT_RUN,
                        "--var "
                                + pair
                                + ": expected key=value, e.g. --var base=http://127.0.0.1:8080");
            }
            variables.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        ExperimentRunner.Options options =
                new ExperimentRunner.Options(
                        out, dryRun, label, variables, System.out, System.console() != null);
        int worst = 0;
        for (Path file : files) {
            worst = Math.max(worst, ExperimentRunner.run(file, options));
            System.out.println();
        }
        if (!dryRun && java.nio.file.Files.isDirectory(out)) {
            List<Path> journals = RunIndex.journalsUnder(out);
            if (!journals.isEmpty()) {
                RunIndex.write(journals, out);
                System.out.println(
                        "index: "
                                + out.resolve("index.html")
                                + " ("
                                + journals.size()
                                + " run(s))");
            }
        }
        return worst;
    }
}
