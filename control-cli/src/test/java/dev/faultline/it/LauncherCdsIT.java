// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faultline launcher's CDS archive, on each JDK: the first run makes it beside the jar and
 * prints what a run without it prints; later runs map it (-Xshare:on would fail otherwise); no
 * partial file is left behind.
 */
class LauncherCdsIT {
    private static final Path TARGET = Paths.get("target");

    @TempDir Path install;

    @Test
    void jdk17() throws Exception {
        firstRunMakesTheArchiveLaterRunsMapIt(Jdk.jdk17());
    }

    @Test
    void jdk25() throws Exception {
        firstRunMakesTheArchiveLaterRunsMapIt(Jdk.jdk25());
    }

    private void firstRunMakesTheArchiveLaterRunsMapIt(Jdk jdk) throws Exception {
        Files.copy(TARGET.resolve("faultline-cli.jar"), install.resolve("faultline-cli.jar"));
        Path launcher =
                Files.copy(
                        TARGET.resolve("faultline"),
                        install.resolve("faultline"),
                        StandardCopyOption.COPY_ATTRIBUTES);
        Path home = jdk.java().getParent().getParent();

        Result plain = run(launcher, home, "off", "", "--help");
        assertThat(plain.exit).isZero();
        assertThat(archives()).isEmpty();

        Result first = run(launcher, home, "on", "", "--help");
        assertThat(first.exit).isZero();
        assertThat(first.out).isEqualTo(plain.out);
        List<Path> archives = archives();
        assertThat(archives).hasSize(1);
        assertThat(leftovers()).isEmpty();

        // -Xshare:on makes the JVM refuse to run without the archive it is given.
        Result mapped = run(launcher, home, "on", "-Xshare:on", "--help");
        assertThat(mapped.exit).as(mapped.out).isZero();
        assertThat(mapped.out).isEqualTo(plain.out);

        // An archive removed (a cleaned cache) is made again by the next run.
        Files.delete(archives.get(0));
        Result again = run(launcher, home, "on", "", "--help");
        assertThat(again.out).isEqualTo(plain.out);
        assertThat(archives()).hasSize(1);
        assertThat(Files.size(archives().get(0))).isGreaterThan(100_000);
        assertThat(leftovers()).isEmpty();
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(install)) {
            return files.filter(f -> f.toString().endsWith(".jsa")).collect(Collectors.toList());
        }
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(install)) {
            return files.filter(f -> f.toString().endsWith(".tmp")).collect(Collectors.toList());
        }
    }

    private static Result run(Path launcher, Path home, String cds, String javaOpts, String arg)
            throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(launcher.toString(), arg).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", home.toString());
        env.put("FAULTLINE_CDS", cds);
        env.put("FAULTLINE_JAVA_OPTS", javaOpts);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static final class Result {
        final int exit;
        final String out;

        Result(int exit, String out) {
            this.exit = exit;
            this.out = out;
        }
    }
}
