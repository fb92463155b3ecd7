// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import dev.faultline.core.AgentLog;
import dev.faultline.points.Library;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import dev.faultline.points.PointModules;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.*;

/**
 * Times {@link LibrarySupport}'s check of every declared library over fresh class loaders of the
 * given jar folders, six rounds in one JVM, for docs/reliability.md: {@code
 * bench/library-check.sh}. With {@code -Dwarm}, Byte Buddy's type pool and the JDK's jar code run
 * first, as they have in the agent before any library loads.
 */
public class LibraryCheckCost {
    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String dir : args) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(Paths.get(dir), "*.jar")) {
                for (Path p : s) urls.add(p.toUri().toURL());
            }
        }
        Set<Library> libs = new LinkedHashSet<>();
        for (PointModule m : PointModules.all(null))
            for (PointInstrumentation i : m.instrumentations()) libs.addAll(i.libraries());
        if (System.getProperty("warm") != null) {
            // what the running agent has done before any library loads: Byte Buddy's type pool has
            // parsed classes, and the JDK's jar and manifest code has run for the class path
            net.bytebuddy.pool.TypePool.Default.of(
                            net.bytebuddy.dynamic.ClassFileLocator.ForClassLoader.ofSystemLoader())
                    .describe("java.util.ArrayList")
                    .resolve()
                    .getDeclaredMethods()
                    .size();
            new java.util.jar.JarFile(urls.get(0).getPath()).getManifest();
            java.net.URLConnection c =
                    new URL("jar:" + urls.get(1) + "!/META-INF/MANIFEST.MF").openConnection();
            c.setUseCaches(false);
            c.getInputStream().close();
        }
        for (int round = 0; round < 6; round++) {
            LibrarySupport support = new LibrarySupport(AgentLog.open("off"));
            try (URLClassLoader loader =
                    new URLClassLoader(
                            urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
                StringBuilder line = new StringBuilder("round " + round + ":");
                long total = 0;
                for (Library l : libs) {
                    long t0 = System.nanoTime();
                    String r = support.unsupported(l, loader);
                    long us = (System.nanoTime() - t0) / 1000;
                    total += us;
                    line.append(
                            String.format(
                                    " %s=%.1fms%s",
                                    l.name().replace(' ', '_'),
                                    us / 1000.0,
                                    r == null ? "" : "(!)"));
                    long t1 = System.nanoTime();
                    support.unsupported(l, loader);
                    if (round == 5)
                        line.append(String.format("[cached %dns]", System.nanoTime() - t1));
                }
                System.out.println(line + String.format("  total %.1f ms", total / 1000.0));
            }
        }
    }
}
