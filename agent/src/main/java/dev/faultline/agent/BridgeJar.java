// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        Path jar = Files.createTempFile("faultline-bridge-", ".jar");
        jar.toFile().deleteOnExit();
        try (InputStream in = BridgeJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(
                        "the agent jar has no " + RESOURCE + "; was it built with ./mvnw package?");
            }
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(new File(jar.toString())));
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
