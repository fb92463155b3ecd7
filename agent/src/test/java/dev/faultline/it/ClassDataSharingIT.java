// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application started with a class data archive of its own (as Spring Boot's CDS support or
 * {@code -XX:SharedArchiveFile} make) keeps loading its classes from it with the agent attached at
 * start-up, and the JVM prints no warning: the agent defines its bridge in the boot loader instead
 * of appending to the bootstrap class path, which would limit sharing to the boot loader's classes.
 */
class ClassDataSharingIT {

    @Test
    void onJdk17(@TempDir Path dir) throws Exception {
        theApplicationsOwnArchiveStaysInUseAndFaultsStillAct(Jdk.jdk17(), dir);
    }

    @Test
    void onJdk25(@TempDir Path dir) throws Exception {
        theApplicationsOwnArchiveStaysInUseAndFaultsStillAct(Jdk.jdk25(), dir);
    }

    private static void theApplicationsOwnArchiveStaysInUseAndFaultsStillAct(Jdk jdk, Path dir)
            throws Exception {
        Path archive = dir.resolve("app.jsa");
        String classpath = jarredClassPath(dir);
        // A training run without the agent: the JVM writes the archive of what it loaded at exit.
        try (ChildJvm training =
                ChildJvm.start(
                        jdk,
                        classpath,
                        ChildJvm.JDBC_WORKLOAD,
                        Map.of(),
                        "-XX:ArchiveClassesAtExit=" + archive)) {
            assertThat(training.send("connect h2 jdbc:h2:mem:training").ok).isTrue();
            assertThat(training.send("query h2 select 1").detail).isEqualTo("rows 1");
        }
        awaitFile(archive);

        Path classLog = dir.resolve("classes.log");
        try (ChildJvm app =
                ChildJvm.start(
                        jdk,
                        classpath,
                        ChildJvm.JDBC_WORKLOAD,
                        Map.of(),
                        "-XX:SharedArchiveFile=" + archive,
                        "-Xlog:class+load=info:file=" + classLog,
                        ChildJvm.javaagent("log=stderr"))) {
            assertThat(app.send("connect h2 jdbc:h2:mem:shared").ok).isTrue();
            assertThat(app.send("query h2 select 1").detail).isEqualTo("rows 1");
            // The agent works as ever on the classes it instruments.
            new Jcmd(jdk, app.pid()).agentLoad("enable,jdbc.execute,error,sqlState:40001");
            assertThat(app.send("query h2 select 2").sqlState()).isEqualTo("40001");

            List<String> loaded = Files.readAllLines(classLog);
            // The application's class and a driver class the agent does not instrument, both
            // loaded by the application's class loader, come from the archive.
            assertThat(sourceOf(loaded, ChildJvm.JDBC_WORKLOAD)).contains("shared objects file");
            assertThat(sourceOf(loaded, "org.h2.engine.Database")).contains("shared objects file");
            assertThat(app.output())
                    .contains("agent ")
                    .doesNotContain("Sharing is only supported")
                    .doesNotContain("VM warning");
        }
    }

    /**
     * The test application's class path with each directory on it (the compiled test classes) made
     * a jar: the JVM archives classes from jars only, as an application's are.
     */
    private static String jarredClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : ChildJvm.CLASSPATH.split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            Path jar = dir.resolve("classes-" + entries.size() + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(path)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(
                            new JarEntry(path.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The source the class was loaded from, as {@code -Xlog:class+load} printed it. */
    private static String sourceOf(List<String> loaded, String className) {
        String marker = " " + className + " source: ";
        return loaded.stream()
                .filter(line -> line.contains(marker))
                .map(line -> line.substring(line.indexOf(marker) + marker.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(className + " was not loaded"));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the JVM wrote no archive " + file);
            }
            Thread.sleep(50);
        }
    }
}
