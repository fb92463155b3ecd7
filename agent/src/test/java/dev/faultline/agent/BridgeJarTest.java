// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BridgeJarTest {
    @Test
    void eachStartGetsAFileOfItsOwnThatOnlyItsUserMayReadOrWrite() throws Exception {
        Set<Path> files = new HashSet<>();
        try {
            for (int i = 0; i < 50; i++) {
                Path file = BridgeJar.newTemporaryFile();
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
            new java.util.Random(3).nextBytes(bytes);
            Path jar = BridgeJar.write(new java.io.ByteArrayInputStream(bytes));
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
