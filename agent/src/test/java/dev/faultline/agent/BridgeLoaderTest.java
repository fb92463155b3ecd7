// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class BridgeLoaderTest {
    @Test
    void readsEachClassOfTheBridgeJarByItsBinaryNameAndNothingElse() throws Exception {
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            for (String entry :
                    new String[] {
                        "dev/faultline/bridge/",
                        "dev/faultline/bridge/Dispatcher.class",
                        "dev/faultline/bridge/Bridge.class",
                        "META-INF/maven/dev.faultline/faultline-bridge/pom.xml",
                        "META-INF/versions/17/dev/faultline/bridge/Bridge.class"
                    }) {
                out.putNextEntry(new JarEntry(entry));
                out.write(entry.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        Map<String, byte[]> classes = BridgeLoader.classesOf(jar.toByteArray());
        assertThat(classes)
                .containsOnlyKeys("dev.faultline.bridge.Dispatcher", "dev.faultline.bridge.Bridge");
        assertThat(new String(classes.get("dev.faultline.bridge.Bridge"), StandardCharsets.UTF_8))
                .isEqualTo("dev/faultline/bridge/Bridge.class");
    }

    @Test
    void eachStartGetsAFileOfItsOwnThatOnlyItsUserMayReadOrWrite() throws Exception {
        Set<Path> files = new HashSet<>();
        try {
            for (int i = 0; i < 50; i++) {
                Path file = BridgeLoader.newTemporaryFile();
                assertThat(files.add(file)).as("a new name each time: %s", file).isTrue();
                assertThat(Files.size(file)).isZero();
                assertThat(file.getParent())
                        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
                assertThat(file.getFileName().toString()).startsWith("faultline-bridge-");
                if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                            .isEqualTo("rw-------");
                }
            }
            // The bridge's bytes, as they are, in a file still owner-only.
            byte[] bytes = new byte[100_000];
            new Random(3).nextBytes(bytes);
            Path jar = BridgeLoader.write(new ByteArrayInputStream(bytes));
            files.add(jar);
            assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
            if (Files.getFileStore(jar).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar)))
                        .isEqualTo("rw-------");
            }
        } finally {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }
}
