// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's reports beside its journal: {@code report.html} and {@code report.md}. */
public final class Reports {
    private Reports() {}

    public static void write(JsonNode journal, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("report.html"), HtmlReport.render(journal), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("report.md"), MarkdownReport.render(journal), StandardCharsets.UTF_8);
    }
}
