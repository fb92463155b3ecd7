// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.AgentLog;
import dev.faultline.points.Library;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import dev.faultline.points.PointModules;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The declared libraries against real jars: the oldest versions the tests run (copied to {@code
 * target/it-*} by the build, named by {@code faultline.*.jars}), the newest (this test's own class
 * path), and OkHttp 3, which is not supported. Read as resources from plain class loaders: no class
 * of theirs is loaded.
 */
class LibrarySupportTest {
    private final LibrarySupport support = new LibrarySupport(AgentLog.open("off"));

    static List<Library> declared() {
        Set<Library> libraries = new LinkedHashSet<>();
        for (PointModule module : PointModules.all(null)) {
            for (PointInstrumentation instrumentation : module.instrumentations()) {
                libraries.addAll(instrumentation.libraries());
            }
        }
        return new ArrayList<>(libraries);
    }

    /** The version of each declared library found in the loader, by name and range. */
    private Map<String, String> versions(ClassLoader loader) {
        Map<String, String> found = new LinkedHashMap<>();
        for (Library library : declared()) {
            String file = library.landmark().replace('.', '/') + ".class";
            URL landmark = loader.getResource(file);
            if (landmark != null) {
                String reason = support.unsupported(library, loader);
                assertThat(reason).as(library.toString()).isNull();
                found.put(
                        library.toString(),
                        LibrarySupport.version(library, landmark.toString(), file));
            }
        }
        return found;
    }

    /** A loader of the jars a build property names (the agent's pom sets it). */
    private static URLClassLoader jars(String property) throws IOException {
        String jars = System.getProperty(property);
        assertThat(jars)
                .as("%s: run the tests through Maven (./mvnw verify)", property)
                .isNotNull();
        List<URL> urls = new ArrayList<>();
        for (String jar : jars.split(File.pathSeparator)) {
            Path path = Paths.get(jar);
            assertThat(path).as("copied by the build").exists();
            urls.add(path.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void everyLibraryIsSupportedAtTheOldestVersionTheTestsRun() throws IOException {
        try (URLClassLoader oldest = jars("faultline.oldest.jars")) {
            assertThat(versions(oldest))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(
                                    "HikariCP [4.0.3, 8)", "4.0.3",
                                    "Commons DBCP2 [2.0, 3)", "2.0",
                                    "Tomcat JDBC [8.5, 12)", "8.5.100",
                                    "PostgreSQL JDBC [42.1.2, 43)", "42.1.2",
                                    "kafka-clients [3.0, 5)", "3.0.0",
                                    "OkHttp [4.4, 6)", "4.4.0",
                                    "Apache HttpClient [5.0, 6)", "5.0",
                                    "Apache HttpClient [4.3.6, 5)", "4.3.6",
                                    "grpc-java [1.60, 2)", "1.60.0"));
        }
    }

    @Test
    void everyLibraryIsSupportedAtTheNewestVersionTheTestsRun() {
        assertThat(versions(getClass().getClassLoader()))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "HikariCP [4.0.3, 8)", "7.1.0",
                                "Commons DBCP2 [2.0, 3)", "2.14.0",
                                "Tomcat JDBC [8.5, 12)", "11.0.27",
                                "PostgreSQL JDBC [42.1.2, 43)", "42.7.14",
                                "kafka-clients [3.0, 5)", "4.4.0",
                                "OkHttp [4.4, 6)", "5.5.1",
                                "Apache HttpClient [5.0, 6)", "5.6.5",
                                "Apache HttpClient [4.3.6, 5)", "4.5.14",
                                "grpc-java [1.60, 2)", "1.85.1"));
    }

    @Test
    void okHttp3IsNotSupportedAndTheReasonNamesTheVersionTheRangeAndWhatIsMissing()
            throws IOException {
        try (URLClassLoader okhttp3 = jars("faultline.unsupported.jars")) {
            Map<String, String> verdicts = new LinkedHashMap<>();
            for (Library library : declared()) {
                String reason = support.unsupported(library, okhttp3);
                if (reason != null) {
                    verdicts.put(library.name(), reason);
                }
            }
            assertThat(verdicts)
                    .containsExactly(
                            Map.entry(
                                    "OkHttp",
                                    "OkHttp 3.14.9 not supported (supported: 4.4 to 5.x);"
                                            + " okhttp3.internal.connection.RealCall missing"));
        }
    }

    @Test
    void aConstructorIsAMemberLikeAnother() throws IOException {
        Library needsConstructors =
                Library.named("PostgreSQL JDBC", "[42.1.2, 43)", "org.postgresql.Driver")
                        .needs(
                                "org.postgresql.util.PSQLException#<init>(2)",
                                "org.postgresql.util.PSQLException#<init>(5)")
                        .build();
        assertThat(support.unsupported(needsConstructors, getClass().getClassLoader()))
                .isEqualTo(
                        "PostgreSQL JDBC 42.7.14 not supported (supported: 42.1.2 to 42.x);"
                                + " org.postgresql.util.PSQLException#<init>(5) missing");
    }

    @Test
    void aVersionOutsideTheRangeIsUnsupportedEvenWithEveryMemberPresent() throws IOException {
        Library narrowed =
                Library.named("OkHttp", "[5.6, 6)", "okhttp3.OkHttpClient")
                        .inPackage("okhttp3")
                        .needs(
                                "okhttp3.internal.connection.RealCall#getResponseWithInterceptorChain*(0)")
                        .build();
        assertThat(support.unsupported(narrowed, getClass().getClassLoader()))
                .isEqualTo("OkHttp 5.5.1 not supported (supported: 5.6 to 5.x)");
    }

    @Test
    void aMissingMemberOfAPresentTypeIsNamedAsDeclared() {
        Library needsMore =
                Library.named("OkHttp", "[4.4, 6)", "okhttp3.OkHttpClient")
                        .needs(
                                "okhttp3.OkHttpClient#noSuchMethod(0)",
                                "okhttp3.OkHttpClient#newCall(2)",
                                "okhttp3.OkHttpClient#newCall(1)",
                                "okhttp3.OkHttpClient#noSuchField")
                        .build();
        assertThat(support.unsupported(needsMore, getClass().getClassLoader()))
                .isEqualTo(
                        "OkHttp 5.5.1 not supported (supported: 4.4 to 5.x);"
                                + " okhttp3.OkHttpClient#noSuchMethod(0),"
                                + " okhttp3.OkHttpClient#newCall(2),"
                                + " okhttp3.OkHttpClient#noSuchField missing");
    }

    @Test
    void aLibraryAbsentFromTheLoaderIsNeitherSupportedNorReported() throws IOException {
        try (URLClassLoader okhttp3 = jars("faultline.unsupported.jars")) {
            Library kafka =
                    declared().stream()
                            .filter(library -> library.name().equals("kafka-clients"))
                            .findFirst()
                            .orElseThrow();
            assertThat(support.unsupported(kafka, okhttp3)).isNull();
        }
    }

    @Test
    void aDeclarationOfTheWrongFormIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> Library.named("X", "4.0 - 6", "x.Y"))
                .hasMessage("X: range '4.0 - 6' is not of the form [4.0, 6)");
        assertThatThrownBy(() -> Library.named("X", "[6, 4.0)", "x.Y"))
                .hasMessage("X: range '[6, 4.0)' is empty");
        assertThatThrownBy(() -> Library.named("X", "[4.0, 6)", "x.Y").needs("x.Y#m(a,b)"))
                .hasMessage(
                        "X: reference 'x.Y#m(a,b)' is not of the form type, type#field or"
                                + " type#method(n)");
    }

    @Test
    void rangesReadAsPeopleSayThem() {
        assertThat(Library.named("X", "[4.0.3, 8)", "x.Y").build().supported())
                .isEqualTo("4.0.3 to 7.x");
        assertThat(Library.named("X", "[3.0, 4.2)", "x.Y").build().supported())
                .isEqualTo("3.0 to before 4.2");
        Library okhttp = Library.named("OkHttp", "[4.4, 6)", "okhttp3.OkHttpClient").build();
        assertThat(okhttp.supports("4.4")).isTrue();
        assertThat(okhttp.supports("5.0.0-alpha.16")).isTrue();
        assertThat(okhttp.supports("4.3.1")).isFalse();
        assertThat(okhttp.supports("6.0.0")).isFalse();
        assertThat(okhttp.supports("snapshot")).isFalse();
    }
}
