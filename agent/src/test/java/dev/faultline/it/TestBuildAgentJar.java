// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import dev.faultline.agent.TestExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A test build of the agent: the packaged jar, copied, with an extension's classes added (the agent
 * takes an extension only from its own jar; {@link TestExtension#PROPERTY} names it). The packaged
 * jar itself is never changed.
 */
final class TestBuildAgentJar {
    private TestBuildAgentJar() {}

    static Path with(Class<? extends TestExtension> extension, Path dir)
            throws IOException, URISyntaxException {
        Path jar = dir.resolve("faultline-agent-test-build.jar");
        try (JarFile shipped = new JarFile(ChildJvm.AGENT_JAR.toFile());
                JarOutputStream out =
                        new JarOutputStream(Files.newOutputStream(jar), shipped.getManifest())) {
            for (JarEntry entry : Collections.list(shipped.entries())) {
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream in = shipped.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            // The extension's package, from the compiled test classes.
            Path classes =
                    Paths.get(
                            extension.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packagePath = extension.getPackage().getName().replace('.', '/');
            List<Path> files;
            try (Stream<Path> listed = Files.list(classes.resolve(packagePath))) {
                files =
                        listed.filter(file -> file.toString().endsWith(".class"))
                                .sorted()
                                .collect(Collectors.toList());
            }
            for (Path file : files) {
                out.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
