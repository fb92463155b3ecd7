// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A JDK the agent is tested on. A leg named after a JDK ({@code ...OnJdk17IT}) runs on that JDK,
 * whichever JDK runs the build: its home is read from its {@code release} file, not assumed. A leg
 * whose JDK this machine lacks is skipped with a loud line — or fails, when the build says it needs
 * that JDK ({@code FAULTLINE_REQUIRE_JDKS=17,25} or {@code -Dfaultline.requireJdks=17,25}), so that
 * a CI machine that lost a JDK cannot pass by skipping its tests.
 */
final class Jdk {
    private final Path home;

    private Jdk(Path home) {
        this.home = home;
    }

    /** The JDK running the build, for tests that are not about a particular JDK. */
    static Jdk current() {
        return new Jdk(Paths.get(System.getProperty("java.home")));
    }

    static Jdk jdk17() {
        return feature(17);
    }

    static Jdk jdk25() {
        return feature(25);
    }

    /**
     * A JDK of one feature release: {@code -Dfaultline.jdk<N>=<home>}, else the build's own JDK if
     * it is that release, else the usual Debian and Temurin homes.
     */
    static Jdk feature(int release) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("faultline.jdk" + release);
        if (configured != null) {
            candidates.add(Paths.get(configured));
        }
        candidates.add(Paths.get(System.getProperty("java.home")));
        candidates.add(Paths.get("/usr/lib/jvm/temurin-" + release + "-jdk-amd64"));
        candidates.add(Paths.get("/usr/lib/jvm/java-" + release + "-openjdk-amd64"));
        for (Path home : candidates) {
            if (Files.isExecutable(home.resolve("bin/java")) && release == releaseOf(home)) {
                return new Jdk(home);
            }
        }
        String missing =
                "JDK "
                        + release
                        + " not found (looked at "
                        + candidates
                        + "): the JDK "
                        + release
                        + " leg of these tests cannot run. Install it there or pass -Dfaultline.jdk"
                        + release
                        + "=<home>.";
        if (required().contains(String.valueOf(release))) {
            fail(
                    missing
                            + " This build requires it (FAULTLINE_REQUIRE_JDKS / -Dfaultline.requireJdks).");
        }
        System.err.println("!!! " + missing + " SKIPPED.");
        assumeTrue(false, missing);
        throw new AssertionError("unreachable");
    }

    /** The feature release a JDK home says it is, or -1. */
    static int releaseOf(Path home) {
        Properties release = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("release"))) {
            release.load(in);
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
        String version = release.getProperty("JAVA_VERSION", "").replace("\"", "");
        try {
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (NumberFormatException notAVersion) {
            return -1;
        }
    }

    private static List<String> required() {
        String listed =
                System.getProperty(
                        "faultline.requireJdks",
                        System.getenv().getOrDefault("FAULTLINE_REQUIRE_JDKS", ""));
        return Arrays.asList(listed.replace(" ", "").split(","));
    }

    Path java() {
        return home.resolve("bin/java");
    }

    Path jcmd() {
        return home.resolve("bin/jcmd");
    }

    @Override
    public String toString() {
        return home.toString();
    }
}
