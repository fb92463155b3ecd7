// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import dev.faultline.cli.experiment.ExperimentException;
import dev.faultline.cli.experiment.ExperimentRunner;
import dev.faultline.cli.experiment.Journal;
import dev.faultline.cli.report.Reports;
import dev.faultline.cli.report.RunIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline report}: renders the reports of runs again from their journals, and an index
 * over them.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = ExperimentRunner.NOT_RUN,
        description =
                "Render report.html and report.md again from journal.json files (or every journal under a directory);"
                        + " with several runs, an index comparing them.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "<journal.json|dir>")
    List<Path> inputs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "where the index goes (default: the directory given, else the current one)")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<Path> journals = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                journals.addAll(RunIndex.journalsUnder(input));
            } else if (Files.isRegularFile(input)) {
                journals.add(input);
            } else {
                throw new CliException(
                        ExperimentRunner.NOT_RUN, input + ": no such journal file or directory");
            }
        }
        if (journals.isEmpty()) {
            throw new CliException(ExperimentRunner.NOT_RUN, "no journal.json found in " + inputs);
        }
        try {
            for (Path journal : journals) {
                Path dir = journal.toAbsolutePath().getParent();
                Reports.write(Journal.read(journal), dir);
                System.out.println("report: " + dir.resolve("report.html"));
            }
            if (journals.size() > 1 || out != null) {
                Path indexDir =
                        out != null
                                ? out
                                : inputs.size() == 1 && Files.isDirectory(inputs.get(0))
                                        ? inputs.get(0)
                                        : Path.of(".");
                RunIndex.write(journals, indexDir);
                System.out.println(
                        "index: "
                                + indexDir.resolve("index.html")
                                + " ("
                                + journals.size()
                                + " run(s))");
            }
        } catch (ExperimentException e) {
            throw new CliException(ExperimentRunner.NOT_RUN, e.getMessage());
        }
        return 0;
    }
}
