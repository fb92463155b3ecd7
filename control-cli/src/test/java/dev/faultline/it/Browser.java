// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A report opened in a real headless browser (Debian's chromium): the DOM it builds has the charts,
 * and it renders to a screenshot. Skipped, saying so, where no chromium is installed.
 */
final class Browser {
    private static final List<String> NAMES =
            List.of("chromium", "chromium-browser", "google-chrome");

    private Browser() {}

    static void renderAndCheck(Path html) throws Exception {
        String browser = find();
        if (browser == null) {
            System.err.println(
                    "!!! no chromium on PATH: the report is not opened in a browser (apt-get install chromium)");
        }
        assumeTrue(browser != null, "no chromium on PATH (apt-get install chromium)");
        Path dom = html.resolveSibling("dom.html");
        Path png = html.resolveSibling("report.png");
        run(
                dom,
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--dump-dom",
                html.toUri().toString());
        String rendered = Files.readString(dom, StandardCharsets.UTF_8);
        assertThat(rendered)
                .contains("class=\"fault-window\"")
                .contains("class=\"tolerance\"")
                .contains("<polyline class=\"series\"");
        run(
                null,
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=900,2400",
                "--screenshot=" + png,
                html.toUri().toString());
        assertThat(Files.size(png)).isGreaterThan(20_000); // a blank page is a few kilobytes
    }

    private static void run(Path stdout, String... command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.redirectOutput(
                stdout == null
                        ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
        }
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    private static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : NAMES) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }
}
