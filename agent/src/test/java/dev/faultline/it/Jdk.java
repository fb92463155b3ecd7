package dev.faultline.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A JDK the agent is tested on: the one running the build (17) and Temurin 25 where installed. */
final class Jdk {
    /** Where CI machines have JDK 25; {@code -Dfaultline.jdk25=...} points elsewhere. */
    private static final String JDK25_HOME = System.getProperty("faultline.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");

    private final Path home;

    private Jdk(Path home) {
        this.home = home;
    }

    static Jdk current() {
        return new Jdk(Paths.get(System.getProperty("java.home")));
    }

    /** JDK 25, or a skipped test (announced on stderr) when this machine has none. */
    static Jdk jdk25() {
        Path home = Paths.get(JDK25_HOME);
        boolean present = Files.isExecutable(home.resolve("bin/java"));
        if (!present) {
            System.err.println("!!! JDK 25 not found at " + home + ": the JDK 25 leg of the agent tests is SKIPPED."
                    + " Install it there or pass -Dfaultline.jdk25=<home>.");
        }
        assumeTrue(present, "JDK 25 not found at " + home);
        return new Jdk(home);
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
