// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The agent's own point declarations and spec parser, loaded from its jar in a class loader of
 * their own (nothing of the agent leaks into the caller's classes). What a point offers (actions,
 * match keys) and whether a spec is acceptable are then answered by the agent itself, never by a
 * copy that could drift from it: the experiment runner checks specs with it, and the JUnit library
 * derives its fault builders from it.
 */
public final class AgentModel implements AutoCloseable {
    private static final String BRIDGE = "META-INF/faultline/faultline-bridge.jar";

    /**
     * One injection point as the agent declares it.
     *
     * @param fields the spec fields the point takes beside the shared ones
     */
    public record Point(
            String name, Set<String> actions, List<String> matchKeys, List<Field> fields) {

        /** The point's own field of this name, or {@code null}. */
        public Field field(String name) {
            for (Field field : fields) {
                if (field.name().equals(name)) {
                    return field;
                }
            }
            return null;
        }
    }

    /**
     * A spec field a point declares (its SpecField), as help and the command line use it.
     *
     * @param actions the actions it applies to; empty for every action of its point
     * @param form the expected form in words ({@code a whole number from 2 to 1000})
     * @param kind {@code text}, {@code number}, {@code boolean} or {@code pairs} (name=value,
     *     repeated)
     * @param defaultValue the value when not given, as list() shows it; {@code null} for none
     * @param option the {@code faultline enable} option that gives it, or {@code null}
     */
    public record Field(
            String name,
            List<String> actions,
            String form,
            String kind,
            boolean required,
            Object defaultValue,
            String description,
            String option) {

        @SuppressWarnings("unchecked")
        static Field of(Map<String, Object> described) {
            Object actions = described.get("actions");
            return new Field(
                    (String) described.get("name"),
                    actions == null ? List.of() : List.copyOf((List<String>) actions),
                    (String) described.get("form"),
                    (String) described.get("kind"),
                    (Boolean) described.get("required"),
                    described.get("default"),
                    (String) described.get("description"),
                    (String) described.get("option"));
        }
    }

    private final URLClassLoader loader;
    private final Object parser;
    private final Method parseJson;
    private final Map<String, Point> points;

    private AgentModel(
            URLClassLoader loader, Object parser, Method parseJson, Map<String, Point> points) {
        this.loader = loader;
        this.parser = parser;
        this.parseJson = parseJson;
        this.points = points;
    }

    /**
     * The agent jar: {@code -Dfaultline.agent.jar} when set (the build's tests), else the one this
     * jar carries.
     */
    public static AgentModel load() {
        String configured = System.getProperty("faultline.agent.jar");
        return load(configured != null ? Paths.get(configured) : AgentJar.path());
    }

    public static AgentModel load(Path agentJar) {
        return load(agentJar, null);
    }

    /**
     * The agent's model that checks everything but the target's own limits ({@code allow=}, {@code
     * max-duration=}), which only the target knows and checks itself: for {@code faultline enable},
     * which does not know them.
     */
    public static AgentModel withoutTargetLimits() {
        String configured = System.getProperty("faultline.agent.jar");
        return load(
                configured != null ? Paths.get(configured) : AgentJar.path(),
                Duration.ofDays(365L * 1000));
    }

    /**
     * @param maxDuration the longest fault duration to accept, or {@code null} for the agent's
     *     default
     */
    private static AgentModel load(Path agentJar, Duration maxDuration) {
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
            URLClassLoader loader =
                    new URLClassLoader(
                            urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            List<Object> declared = new ArrayList<>();
            Class<?> modules = loader.loadClass("dev.faultline.points.PointModules");
            Class<?> module = loader.loadClass("dev.faultline.points.PointModule");
            Method pointsOf = module.getMethod("points");
            for (Object each :
                    (List<?>)
                            modules.getMethod("all", java.lang.instrument.Instrumentation.class)
                                    .invoke(null, (Object) null)) {
                declared.addAll((List<?>) pointsOf.invoke(each));
            }
            Class<?> pointType = loader.loadClass("dev.faultline.core.InjectionPoint");
            Class<?> actionType = loader.loadClass("dev.faultline.core.Action");
            Method name = pointType.getMethod("name");
            Method actions = pointType.getMethod("actions");
            Method matchKeys = pointType.getMethod("matchKeys");
            Method fieldsOf = pointType.getMethod("fields");
            Class<?> fieldType = loader.loadClass("dev.faultline.core.SpecField");
            Method isRefusal = fieldType.getMethod("isRefusal");
            Method describe = fieldType.getMethod("describe");
            Method specName = actionType.getMethod("specName");
            Map<String, Point> points = new LinkedHashMap<>();
            for (Object point : declared) {
                Set<String> actionNames = new LinkedHashSet<>();
                // Declaration order of the enum, not the set's: stable across runs.
                for (Object action : actionType.getEnumConstants()) {
                    if (((Set<?>) actions.invoke(point)).contains(action)) {
                        actionNames.add((String) specName.invoke(action));
                    }
                }
                @SuppressWarnings("unchecked")
                List<String> keys = (List<String>) matchKeys.invoke(point);
                String pointName = (String) name.invoke(point);
                List<Field> fields = new ArrayList<>();
                for (Object field : (List<?>) fieldsOf.invoke(point)) {
                    if (!(Boolean) isRefusal.invoke(field)) {
                        // describe() holds JDK types only: nothing of the agent's loader escapes
                        @SuppressWarnings("unchecked")
                        Map<String, Object> described =
                                (Map<String, Object>) describe.invoke(field);
                        fields.add(Field.of(described));
                    }
                }
                points.put(
                        pointName,
                        new Point(
                                pointName,
                                Collections.unmodifiableSet(actionNames),
                                List.copyOf(keys),
                                List.copyOf(fields)));
            }
            Class<?> catalogType = loader.loadClass("dev.faultline.core.PointCatalog");
            Object catalog = catalogType.getConstructor(List.class).newInstance(declared);
            Class<?> policyType = loader.loadClass("dev.faultline.core.AgentPolicy");
            Object policy =
                    maxDuration == null
                            ? policyType.getMethod("defaults").invoke(null)
                            : policyType
                                    .getConstructor(Set.class, Duration.class)
                                    .newInstance(null, maxDuration);
            Class<?> parserType = loader.loadClass("dev.faultline.core.SpecParser");
            Object parser =
                    parserType.getConstructor(catalogType, policyType).newInstance(catalog, policy);
            return new AgentModel(
                    loader,
                    parser,
                    parserType.getMethod("parseJson", String.class),
                    Collections.unmodifiableMap(points));
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            throw new IllegalStateException(
                    "cannot load the agent's point declarations from " + agentJar + ": " + e, e);
        }
    }

    /** The points the agent offers, by name, in the agent's order. */
    public Map<String, Point> points() {
        return points;
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
