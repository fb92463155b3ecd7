package dev.faultline.cli.experiment;

import dev.faultline.cli.AgentJar;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Checks fault specs with the agent's own parser (the jar this CLI carries, in a class loader of its
 * own), before anything is enabled: a run whose specs the agent would refuse does not start, and a
 * dry run says so. The messages are the agent's, as {@code faultline enable} shows them.
 */
public final class SpecCheck implements AutoCloseable {
    private static final String BRIDGE = "META-INF/faultline/faultline-bridge.jar";

    private final URLClassLoader loader;
    private final Object parser;
    private final Method parseJson;

    private SpecCheck(URLClassLoader loader, Object parser, Method parseJson) {
        this.loader = loader;
        this.parser = parser;
        this.parseJson = parseJson;
    }

    /** The agent jar: {@code -Dfaultline.agent.jar} when set (the build's tests), else the one this CLI carries. */
    static SpecCheck load() {
        return load(agentJar(), null);
    }

    /**
     * A check of everything but the target's own limits ({@code allow=}, {@code max-duration=}), which
     * only the target knows and checks itself: for {@code faultline enable}, which does not know them.
     */
    public static SpecCheck withoutTargetLimits() {
        return load(agentJar(), Duration.ofDays(365L * 1000));
    }

    private static Path agentJar() {
        String configured = System.getProperty("faultline.agent.jar");
        return configured != null ? Paths.get(configured) : AgentJar.path();
    }

    static SpecCheck load(Path agentJar) {
        return load(agentJar, null);
    }

    /** @param maxDuration the longest duration to accept, or {@code null} for the agent's default */
    private static SpecCheck load(Path agentJar, Duration maxDuration) {
        try {
            List<URL> urls = new ArrayList<>();
            urls.add(agentJar.toUri().toURL());
            try (JarFile jar = new JarFile(agentJar.toFile())) {
                if (jar.getEntry(BRIDGE) != null) {
                    Path bridge = Files.createTempFile("faultline-bridge-", ".jar");
                    bridge.toFile().deleteOnExit();
                    try (InputStream in = jar.getInputStream(jar.getEntry(BRIDGE))) {
                        Files.copy(in, bridge, StandardCopyOption.REPLACE_EXISTING);
                    }
                    urls.add(bridge.toUri().toURL());
                }
            }
            URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            List<Object> points = new ArrayList<>();
            Class<?> modules = loader.loadClass("dev.faultline.points.PointModules");
            Class<?> module = loader.loadClass("dev.faultline.points.PointModule");
            Method pointsOf = module.getMethod("points");
            for (Object each : (List<?>) modules.getMethod("all", java.lang.instrument.Instrumentation.class).invoke(null, (Object) null)) {
                points.addAll((List<?>) pointsOf.invoke(each));
            }
            Class<?> catalogType = loader.loadClass("dev.faultline.core.PointCatalog");
            Object catalog = catalogType.getConstructor(List.class).newInstance(points);
            Class<?> policyType = loader.loadClass("dev.faultline.core.AgentPolicy");
            Object policy = maxDuration == null ? policyType.getMethod("defaults").invoke(null)
                    : policyType.getConstructor(java.util.Set.class, Duration.class).newInstance(null, maxDuration);
            Class<?> parserType = loader.loadClass("dev.faultline.core.SpecParser");
            Object parser = parserType.getConstructor(catalogType, policyType).newInstance(catalog, policy);
            return new SpecCheck(loader, parser, parserType.getMethod("parseJson", String.class));
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            throw new IllegalStateException("cannot load the agent's spec parser from " + agentJar + ": " + e, e);
        }
    }

    /** The agent's objection to a spec (JSON), or {@code null} when it takes it. */
    public String problem(String specJson) {
        try {
            parseJson.invoke(parser, specJson);
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException ignored) {
            // only a class loader over local files
        }
    }
}
