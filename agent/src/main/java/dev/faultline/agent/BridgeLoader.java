// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.io.ByteArrayInputStream;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Loads the bridge into the boot loader, so that advice inlined into classes of any class loader
 * reaches the one copy of it. The agent jar carries the bridge as a nested jar (not as classes of
 * its own), so it can never be loaded by any other class loader.
 *
 * <p>The bridge's few classes are defined in the boot loader directly rather than put on the
 * bootstrap class path: appending to that path makes the JVM stop sharing (CDS) every class not
 * loaded by the boot loader for the rest of the run, and print a warning saying so on stderr. An
 * application started with a class data archive of its own (Spring Boot's CDS support, {@code
 * -XX:SharedArchiveFile}) would load all of its classes from their jars again. Only where the JVM
 * offers no way to define them does the agent fall back to the bootstrap class path.
 */
final class BridgeLoader {
    static final String RESOURCE = "/META-INF/faultline/faultline-bridge.jar";
    private static final String BRIDGE_CLASS = "dev.faultline.bridge.Bridge";
    private static final String DEFINER = "dev.faultline.agent.BootClassDefiner";

    private BridgeLoader() {}

    /**
     * Makes the bridge visible to the boot loader, unless it is already (loaded before by this or
     * another copy of the agent).
     *
     * @return how, for the start-up trace: defined in the boot loader, on the bootstrap class path
     *     (and why), or already there
     */
    static synchronized String load(Instrumentation instrumentation) throws IOException {
        if (inBootLoader()) {
            return "already in the boot loader";
        }
        byte[] jar = agentJarEntry(RESOURCE);
        try {
            defineInBootLoader(instrumentation, classesOf(jar));
            return "defined in the boot loader";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // A JVM without jdk.internal.misc.Unsafe.defineClass: the boot loader finds the
            // classes not defined yet on its path.
            instrumentation.appendToBootstrapClassLoaderSearch(
                    new JarFile(new File(write(new ByteArrayInputStream(jar)).toString())));
            return "on the bootstrap class path (" + unavailable + ")";
        }
    }

    /** The classes of the bridge jar, by binary name, in the jar's order. */
    static Map<String, byte[]> classesOf(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                String path = entry.getName();
                if (path.endsWith(".class") && !path.startsWith("META-INF/")) {
                    String name = path.substring(0, path.length() - ".class".length());
                    classes.put(name.replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    /**
     * Defines the classes in the boot loader through {@link BootClassDefiner}, loaded in a class
     * loader of its own to which alone {@code java.base} exports {@code jdk.internal.misc}. A class
     * whose supertype is one of the others not defined yet fails with {@link NoClassDefFoundError}
     * and is tried again after them.
     */
    private static void defineInBootLoader(
            Instrumentation instrumentation, Map<String, byte[]> classes)
            throws ReflectiveOperationException, IOException {
        DefinerLoader loader = new DefinerLoader();
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(
                javaBase,
                Set.of(),
                Map.of("jdk.internal.misc", Set.of(loader.getUnnamedModule())),
                Map.of(),
                Set.of(),
                Map.of());
        Class<?> definerClass =
                loader.define(DEFINER, agentJarEntry("/" + DEFINER.replace('.', '/') + ".class"));
        @SuppressWarnings("unchecked")
        BiFunction<String, byte[], Class<?>> definer =
                (BiFunction<String, byte[], Class<?>>) definerClass.getConstructor().newInstance();
        List<String> pending = new ArrayList<>(classes.keySet());
        while (!pending.isEmpty()) {
            int before = pending.size();
            NoClassDefFoundError missing = null;
            for (Iterator<String> names = pending.iterator(); names.hasNext(); ) {
                String name = names.next();
                try {
                    definer.apply(name, classes.get(name));
                    names.remove();
                } catch (NoClassDefFoundError e) {
                    missing = e;
                }
            }
            if (pending.size() == before) {
                throw missing; // none defined this round: a supertype outside the bridge
            }
        }
    }

    private static byte[] agentJarEntry(String path) throws IOException {
        try (InputStream in = BridgeLoader.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException(
                        "the agent jar has no " + path + "; was it built with ./mvnw package?");
            }
            return in.readAllBytes();
        }
    }

    /** Holds {@link BootClassDefiner} apart from the agent's and the application's classes. */
    private static final class DefinerLoader extends ClassLoader {
        DefinerLoader() {
            super(null);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
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

    private static boolean inBootLoader() {
        try {
            Class.forName(BRIDGE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException absent) {
            return false;
        }
    }
}
