// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;

/** The packaged agent jar: isolated from the application's libraries, and loadable both ways. */
class AgentJarIT {

    @Test
    void holdsNothingOutsideItsOwnNamespace() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            List<String> outside = new ArrayList<>();
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.getName().startsWith("dev/faultline/")
                        && !entry.getName().startsWith("META-INF/")
                        && !entry.getName().equals("dev/")) {
                    outside.add(entry.getName());
                }
            }
            assertThat(outside).isEmpty();
            assertThat(
                            jar.getEntry(
                                    "dev/faultline/shaded/net/bytebuddy/agent/builder/AgentBuilder.class"))
                    .isNotNull();
            assertThat(
                            jar.getEntry(
                                    "dev/faultline/shaded/com/fasterxml/jackson/databind/ObjectMapper.class"))
                    .isNotNull();
            assertThat(jar.getEntry("META-INF/versions/")).isNull();
        }
    }

    /**
     * The only service file is the agent's own list of point modules, naming only the agent's
     * classes: the relocated libraries' service files would offer classes that no longer exist
     * under those names.
     */
    @Test
    void carriesOnlyItsOwnServiceFile() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            assertThat(Collections.list(jar.entries()))
                    .extracting(JarEntry::getName)
                    .filteredOn(
                            name -> name.startsWith("META-INF/services/") && !name.endsWith("/"))
                    .containsExactly("META-INF/services/dev.faultline.points.PointModule");
            List<String> modules = new ArrayList<>();
            try (java.io.BufferedReader lines =
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                    jar.getInputStream(
                                            jar.getEntry(
                                                    "META-INF/services/dev.faultline.points.PointModule")),
                                    java.nio.charset.StandardCharsets.UTF_8))) {
                lines.lines()
                        .map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .forEach(modules::add);
            }
            assertThat(modules)
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith("dev.faultline.points."));
            for (String module : modules) {
                assertThat(jar.getEntry(module.replace('.', '/') + ".class"))
                        .as(module)
                        .isNotNull();
            }
        }
    }

    @Test
    void declaresBothEntryPointsAndRetransformation() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Premain-Class"))
                    .isEqualTo("dev.faultline.agent.FaultlineAgent");
            assertThat(manifest.getValue("Agent-Class"))
                    .isEqualTo("dev.faultline.agent.FaultlineAgent");
            assertThat(manifest.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(manifest.getValue("Implementation-Version")).isNotBlank();
        }
    }

    @Test
    void carriesTheBridgeOnlyAsANestedJar() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            assertThat(jar.getEntry("dev/faultline/bridge/Bridge.class")).isNull();
            List<String> bridge = new ArrayList<>();
            try (InputStream nested =
                            jar.getInputStream(
                                    jar.getEntry("META-INF/faultline/faultline-bridge.jar"));
                    JarInputStream entries = new JarInputStream(nested)) {
                for (JarEntry entry; (entry = entries.getNextJarEntry()) != null; ) {
                    if (entry.getName().endsWith(".class")) {
                        bridge.add(entry.getName());
                    }
                }
            }
            assertThat(bridge)
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith("dev/faultline/bridge/"));
        }
    }

    /**
     * The hook tests use to make the agent's own parts fail is inert here: the shipped jar carries
     * no extension.
     */
    @Test
    void carriesNoTestExtension() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            assertThat(Collections.list(jar.entries()))
                    .extracting(JarEntry::getName)
                    .noneMatch(name -> name.startsWith("dev/faultline/it/"));
        }
    }
}
