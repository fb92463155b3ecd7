// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarFile;

/**
 * Puts the bridge on the bootstrap class path. The agent jar carries it as a nested jar (not as
 * classes of its own), so the bridge can never be loaded by any other class loader.
 */
final class BridgeJar {
    static final String RESOURCE = "/META-INF/faultline/faultline-bridge.jar";
    private static final String BRIDGE_CLASS = "dev.faultline.bridge.Bridge";

    private BridgeJar() {}

    static synchronized void appendToBootstrap(Instrumentation instrumentation) throws IOException {
        if (onBootstrapPath()) {
            return; // loaded before, by this or another copy of the agent
        }
        Path jar;
        try (InputStream in = BridgeJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(
                        "the agent jar has no " + RESOURCE + "; was it built with ./mvnw package?");
            }
            jar = write(in);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(new File(jar.toString())));
    }

    /** The bridge jar's bytes in a new owner-only file, removed when the JVM exits. */
    static Path write(InputStream bridge) throws IOException {
        Path jar = newTemporaryFile();
        jar.toFile().deleteOnExit();
        // Into the file just created, as it is: a copy that replaces the file would delete it and
        // make a new one with the default permissions, under a name another user could take in
        // between.
        try (OutputStream out =
                Files.newOutputStream(
                        jar, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            bridge.transferTo(out);
        }
        return jar;
    }

    /**
     * A new file in the temporary directory, readable and writable by this user only. Not {@code
     * Files.createTempFile}: its random names come from a {@code SecureRandom}, whose seeding and
     * provider classes cost 30 to 50 ms of every JVM's start; nor the process id, whose {@code
     * ProcessHandle} starts the JDK's lambda machinery before anything else needs it. The name need
     * not be secret: the file is created only if no file or link of that name exists (the name is
     * tried again otherwise), so nobody else's file is ever written or followed.
     */
    static Path newTemporaryFile() throws IOException {
        Path directory = Paths.get(System.getProperty("java.io.tmpdir"));
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        long unique = System.nanoTime() ^ ((long) System.identityHashCode(directory) << 32);
        for (int attempt = 0; ; attempt++) {
            Path file =
                    directory.resolve(
                            "faultline-bridge-"
                                    + Long.toUnsignedString(unique + attempt, 36)
                                    + ".jar");
            try {
                return posix
                        ? Files.createFile(
                                file,
                                PosixFilePermissions.asFileAttribute(
                                        PosixFilePermissions.fromString("rw-------")))
                        : Files.createFile(file);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 100) {
                    return Files.createTempFile("faultline-bridge-", ".jar");
                }
            }
        }
    }

    private static boolean onBootstrapPath() {
        try {
            Class.forName(BRIDGE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }
}
