// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import dev.faultline.points.PointModules;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/**
 * The filter on classes already loaded must keep every class some point instruments: checked
 * against every class of the real drivers, pools and clients on the test class path, matched by the
 * points' own type matchers.
 */
class LoadedCandidatesTest {
    /** Jars of libraries the points instrument, by the start of their file names. */
    private static final List<String> LIBRARIES =
            Arrays.asList(
                    "h2-",
                    "postgresql-",
                    "HikariCP-",
                    "commons-dbcp2-",
                    "tomcat-jdbc-",
                    "mysql-connector-j-",
                    "mariadb-java-client-",
                    "okhttp-jvm-",
                    "httpclient5-",
                    "httpclient-",
                    "grpc-stub-",
                    "grpc-api-",
                    "grpc-core-",
                    "kafka-clients-");

    private final List<PointInstrumentation> instrumentations = new ArrayList<>();
    private final List<String> markers = new ArrayList<>();
    private final Set<String> jdkClasses = new HashSet<>();

    LoadedCandidatesTest() {
        for (PointModule module : PointModules.all(null)) {
            instrumentations.addAll(module.instrumentations());
            markers.addAll(module.classFileMarkers());
            jdkClasses.addAll(module.jdkClasses());
        }
    }

    @Test
    void keepsEveryLoadedClassAPointMatchesAndFewOthers() throws IOException {
        Instrumenter.LoadedCandidates candidates =
                new Instrumenter.LoadedCandidates(null, markers, jdkClasses);
        Map<Class<?>, Boolean> judged = new HashMap<>();
        List<Class<?>> classes = libraryClasses();
        for (String name : jdkClasses) {
            classes.add(load(name));
        }
        Set<String> matchedButDropped = new TreeSet<>();
        Set<String> matched = new TreeSet<>();
        int kept = 0;
        for (Class<?> type : classes) {
            if (type == null) {
                continue;
            }
            boolean may = candidates.mayMatch(type, judged);
            kept += may ? 1 : 0;
            TypeDescription description = TypeDescription.ForLoadedType.of(type);
            for (PointInstrumentation instrumentation : instrumentations) {
                boolean matches;
                try {
                    matches = instrumentation.types().matches(description);
                } catch (RuntimeException | LinkageError e) {
                    continue; // a supertype missing from the class path: no JVM could load it
                }
                if (matches) {
                    matched.add(type.getName());
                    if (!may) {
                        matchedButDropped.add(
                                type.getName() + " (" + instrumentation.point() + ")");
                    }
                }
            }
        }
        assertThat(matchedButDropped).isEmpty();
        // The test means something only if the libraries were there and points matched in each.
        assertThat(classes.size()).isGreaterThan(5_000);
        assertThat(matched)
                .contains(
                        "org.h2.jdbc.JdbcPreparedStatement",
                        "org.postgresql.jdbc.PgConnection",
                        "com.zaxxer.hikari.HikariDataSource",
                        "org.apache.tomcat.jdbc.pool.DataSourceProxy",
                        "org.apache.kafka.clients.producer.KafkaProducer",
                        "okhttp3.internal.connection.RealCall",
                        "java.net.Socket",
                        "java.net.InetAddress");
        // And it filters: most of a library's classes are no candidates.
        assertThat(kept).isLessThan(classes.size() / 5);
        assertThat(candidates.mayMatch(org.h2.value.ValueVarchar.class, judged)).isFalse();
        assertThat(candidates.mayMatch(String.class, judged)).isFalse();
    }

    private static List<Class<?>> libraryClasses() throws IOException {
        List<Class<?>> classes = new ArrayList<>();
        Set<String> seenJars = new HashSet<>();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Paths.get(entry);
            String file = jar.getFileName() == null ? "" : jar.getFileName().toString();
            if (!file.endsWith(".jar")
                    || LIBRARIES.stream().noneMatch(file::startsWith)
                    || !seenJars.add(file)) {
                continue;
            }
            try (JarFile opened = new JarFile(jar.toFile())) {
                for (JarEntry classFile : (Iterable<JarEntry>) opened.stream()::iterator) {
                    String name = classFile.getName();
                    if (name.endsWith(".class")
                            && !name.contains("module-info")
                            && !name.startsWith("META-INF/")) {
                        Class<?> type =
                                load(name.substring(0, name.length() - 6).replace('/', '.'));
                        if (type != null) {
                            classes.add(type);
                        }
                    }
                }
            }
        }
        return classes;
    }

    /** Loads without initialising; null for a class whose dependencies are not on the path. */
    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, LoadedCandidatesTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
