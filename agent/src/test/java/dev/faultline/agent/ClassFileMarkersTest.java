// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.points.PointModule;
import dev.faultline.points.PointModules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pre-filter reads only the constant pool; its answer must be the one a search of the whole
 * file gives, for every class of the real libraries the points instrument and of the JDK's own
 * modules, and for files cut short or made of noise.
 */
class ClassFileMarkersTest {
    private final List<String> markers = new ArrayList<>();

    ClassFileMarkersTest() {
        for (PointModule module : PointModules.all(null)) {
            markers.addAll(module.classFileMarkers());
        }
    }

    @Test
    void answersAsASearchOfTheWholeFileForEveryRealClass() throws IOException {
        ClassFileMarkers filter = new ClassFileMarkers(markers);
        List<byte[]> classFiles = realClassFiles();
        int mentioning = 0;
        for (byte[] classFile : classFiles) {
            boolean expected = wholeFileMentions(classFile);
            assertThat(filter.mentionedIn(classFile)).isEqualTo(expected);
            mentioning += expected ? 1 : 0;
        }
        // Meaningful only with many classes on both sides of the answer.
        assertThat(classFiles.size()).isGreaterThan(10_000);
        assertThat(mentioning).isGreaterThan(500).isLessThan(classFiles.size() / 2);
    }

    @Test
    void aFileCutShortOrOfNoiseGetsTheWholeFileAnswerAndNothingThrows() throws IOException {
        ClassFileMarkers filter = new ClassFileMarkers(markers);
        Random random = new Random(42);
        List<byte[]> classFiles = realClassFiles().subList(0, 2_000);
        for (byte[] classFile : classFiles) {
            byte[] cut = Arrays.copyOf(classFile, random.nextInt(classFile.length));
            assertThat(filter.mentionedIn(cut)).isEqualTo(wholeFileMentions(cut));
            // A changed byte may make the pool read differently; such a file the JVM rejects
            // anyway, so only the absence of an exception is asked for.
            byte[] flipped = classFile.clone();
            flipped[10 + random.nextInt(flipped.length - 10)] = (byte) random.nextInt();
            filter.mentionedIn(flipped);
        }
        for (int i = 0; i < 1_000; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            if (noise.length >= 4) {
                noise[0] = (byte) 0xCA;
                noise[1] = (byte) 0xFE;
                noise[2] = (byte) 0xBA;
                noise[3] = (byte) 0xBE;
            }
            assertThat(filter.mentionedIn(noise)).isEqualTo(wholeFileMentions(noise));
        }
    }

    @Test
    void aMarkerIsFoundAnywhereInANameOrDescriptorAndOnlyThere() {
        ClassFileMarkers filter = new ClassFileMarkers(Arrays.asList("java/sql/", "io/grpc/"));
        assertThat(filter.mentionedIn(classFileWith("(Ljava/sql/Connection;)V"))).isTrue();
        assertThat(filter.mentionedIn(classFileWith("io/grpc/ClientCall"))).isTrue();
        assertThat(filter.mentionedIn(classFileWith("java/sq"))).isFalse();
        assertThat(filter.mentionedIn(classFileWith("java/lang/Object"))).isFalse();
        assertThat(new ClassFileMarkers(Collections.emptyList()).mentionedIn(new byte[0]))
                .isFalse();
        assertThatThrownBy(() -> new ClassFileMarkers(Collections.singletonList("")))
                .hasMessageContaining("non-empty internal name");
    }

    /** A class file's header and a constant pool of a long, an integer and one UTF-8 entry. */
    private static byte[] classFileWith(String utf8) {
        byte[] text = utf8.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0xCA);
        out.write(0xFE);
        out.write(0xBA);
        out.write(0xBE);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(55);
        out.write(0);
        out.write(5); // count: a long (two slots), an integer, the text
        out.write(5);
        out.writeBytes(new byte[8]);
        out.write(3);
        out.writeBytes(new byte[4]);
        out.write(1);
        out.write(text.length >> 8);
        out.write(text.length);
        out.writeBytes(text);
        out.writeBytes(new byte[] {0, 0x21, 0, 0, 0, 0}); // access, this, super: past the pool
        return out.toByteArray();
    }

    private boolean wholeFileMentions(byte[] classFile) {
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        for (String marker : markers) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Every class of the libraries on the test class path and of java.base and java.sql. */
    private static List<byte[]> realClassFiles() throws IOException {
        List<byte[]> classFiles = new ArrayList<>();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(Paths.get(entry).toFile())) {
                for (JarEntry file : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (file.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(file)) {
                            classFiles.add(in.readAllBytes());
                        }
                    }
                }
            }
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String module : Arrays.asList("java.base", "java.sql", "java.net.http")) {
            try (Stream<Path> files = Files.walk(jrt.getPath("/modules", module))) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (file.toString().endsWith(".class")) {
                        classFiles.add(Files.readAllBytes(file));
                    }
                }
            }
        }
        return classFiles;
    }
}
