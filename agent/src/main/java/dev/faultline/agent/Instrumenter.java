// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.faultline.bridge.Bridge;
import dev.faultline.core.AgentLog;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.PointCatalog;
import dev.faultline.points.Bound;
import dev.faultline.points.Library;
import dev.faultline.points.PointInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassInjector;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice of every point, for classes loaded from now on and, by retransformation, for
 * classes already loaded (a driver in use when the agent is attached).
 */
final class Instrumenter {
    private Instrumenter() {}

    /**
     * @param jdkClasses the JDK classes the points instrument; every other JDK class is left alone
     * @param retransformAll whether every class already loaded must be considered (the agent was
     *     loaded into a running JVM, or instruments beside the application's start); before the
     *     application starts only the JDK classes are worth it
     * @param adviceUpFront whether every point's advice is made now: at start-up, before main or
     *     beside it on the agent's own thread, rather than on the application's thread at the first
     *     class a point instruments (its first JDBC call would pay for it). On attach, where the
     *     command waits for this, only the advice of the points whose classes are loaded is made
     *     now, the rest when their classes load
     */
    static AgentClassFileTransformer install(
            Instrumentation instrumentation,
            PointCatalog catalog,
            List<PointInstrumentation> instrumentations,
            List<String> classFileMarkers,
            Set<String> jdkClasses,
            AgentLog log,
            boolean retransformAll,
            boolean adviceUpFront) {
        StartupTrace.mark("instrumenting");
        // The agent injects no classes; keep Byte Buddy off sun.misc.Unsafe, which JDK 24+ warns
        // about in the application's output.
        if (System.getProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY) == null) {
            System.setProperty(ClassInjector.UsingUnsafe.SAFE_PROPERTY, "true");
        }
        AgentBuilder builder =
                new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                        .disableClassFormatChanges()
                        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                        .with(
                                retransformAll
                                        ? new LoadedCandidates(
                                                AgentBuilder.RedefinitionStrategy.DiscoveryStrategy
                                                        .Reiterating.INSTANCE,
                                                classFileMarkers,
                                                keptByName(jdkClasses, instrumentations))
                                        : new LoadedClassesNamed(jdkClasses))
                        .with(
                                StartupTrace.ON
                                        ? new TracedRedefinition()
                                        : (AgentBuilder.RedefinitionStrategy.Listener)
                                                AgentBuilder.RedefinitionStrategy.Listener.NoOp
                                                        .INSTANCE)
                        // Advice in java.base or java.net.http calls the bridge, in the boot
                        // loader's unnamed module.
                        .assureReadEdgeTo(instrumentation, Bridge.class)
                        .with(new TypePoolCache())
                        .with(new FailureListener(log))
                        .with(
                                (AgentBuilder.TransformerDecorator)
                                        transformer ->
                                                new AgentClassFileTransformer(
                                                        transformer,
                                                        classFileMarkers,
                                                        landmarks(instrumentations)))
                        .ignore(
                                nameStartsWith("dev.faultline.agent.")
                                        .or(nameStartsWith("dev.faultline.bridge."))
                                        .or(nameStartsWith("dev.faultline.control."))
                                        .or(nameStartsWith("dev.faultline.core."))
                                        .or(nameStartsWith("dev.faultline.points."))
                                        .or(nameStartsWith("dev.faultline.shaded."))
                                        .or(nameStartsWith("net.bytebuddy."))
                                        .or(
                                                nameStartsWith("java.")
                                                        .or(nameStartsWith("javax."))
                                                        .or(nameStartsWith("jdk."))
                                                        .or(nameStartsWith("sun."))
                                                        .or(nameStartsWith("com.sun."))
                                                        .and(
                                                                not(
                                                                        namedOneOf(
                                                                                jdkClasses.toArray(
                                                                                        new String
                                                                                                [0])))))
                                        .or(nameContains("$$Lambda"))
                                        .or(isSynthetic()));
        StartupTrace.mark("agent builder made");
        LibrarySupport support = new LibrarySupport(log);
        Map<Library, Set<InjectionPoint>> librariesOfPoints = new LinkedHashMap<>();
        for (PointInstrumentation instrumented : instrumentations) {
            InjectionPoint point = catalog.find(instrumented.point());
            for (Library library : instrumented.libraries()) {
                librariesOfPoints.computeIfAbsent(library, l -> new LinkedHashSet<>()).add(point);
            }
        }
        for (Map.Entry<Library, Set<InjectionPoint>> library : librariesOfPoints.entrySet()) {
            builder =
                    builder.type(
                                    new LibrarySupport.Landmark(
                                            library.getKey(), library.getValue(), support))
                            .transform((type, description, loader, module, domain) -> type);
        }
        for (PointInstrumentation instrumented : instrumentations) {
            InjectionPoint point = catalog.find(instrumented.point());
            // the library check runs only for types that matched: start-up pays nothing more for
            // the many classes that do not
            AgentBuilder.RawMatcher types =
                    instrumented.libraries().isEmpty()
                            ? new AgentBuilder.RawMatcher.ForElementMatchers(instrumented.types())
                            : new LibrarySupport.Supported(
                                    instrumented.types(), instrumented.libraries(), point, support);
            int[] observed =
                    instrumented.observes().stream()
                            .mapToInt(name -> catalog.find(name).id())
                            .toArray();
            // The point's id and bit go into the advice as constants: generic advice, still one
            // volatile read when idle. On attach, built at the first class it applies to: reading
            // and binding the advice classes of every point is a large part of Byte Buddy's start,
            // and most applications never load the types of most points.
            LazyAdvice advice = new LazyAdvice(point.id(), observed, instrumented.advice());
            if (adviceUpFront) {
                advice.get();
            }
            builder =
                    builder.type(types)
                            .transform(
                                    (DynamicType.Builder<?> type,
                                            TypeDescription description,
                                            ClassLoader loader,
                                            JavaModule module,
                                            java.security.ProtectionDomain domain) -> {
                                        point.markInstrumented(description.getName());
                                        return type.visit(advice.get().on(instrumented.methods()));
                                    });
        }
        StartupTrace.mark("advice built");
        AgentClassFileTransformer installed =
                (AgentClassFileTransformer) builder.installOn(instrumentation);
        StartupTrace.mark(
                "transformer installed, "
                        + installed.passedOver()
                        + " class files passed over, "
                        + installed.considered()
                        + " given to Byte Buddy");
        return installed;
    }

    /**
     * Of the classes already loaded, those a point may instrument: the class, one of its
     * superclasses or one of its interfaces has a name that holds a class-file marker (in dotted
     * form), or it is named outright (the JDK classes the points instrument, the declared
     * libraries' landmark classes). Every point matches its types by name or by a supertype's name,
     * and the markers name those; so the classes left out are ones Byte Buddy would have described
     * and matched against every point for nothing, which in an application with thousands of
     * classes loaded was the bulk of an attach. The class-file pre-filter still applies to the
     * classes kept.
     */
    static final class LoadedCandidates
            implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
        private final AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discovery;
        private final String[] markers;
        private final Set<String> byName;

        LoadedCandidates(
                AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discovery,
                List<String> classFileMarkers,
                Set<String> byName) {
            this.discovery = discovery;
            this.markers = new String[classFileMarkers.size()];
            for (int i = 0; i < markers.length; i++) {
                markers[i] = classFileMarkers.get(i).replace('/', '.');
            }
            this.byName = byName;
        }

        @Override
        public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
            Iterable<Iterable<Class<?>>> batches = discovery.resolve(instrumentation);
            // Supertypes are shared by many classes: each is judged once per discovery.
            Map<Class<?>, Boolean> judged = new HashMap<>();
            return () ->
                    new Iterator<Iterable<Class<?>>>() {
                        private final Iterator<Iterable<Class<?>>> delegate = batches.iterator();

                        @Override
                        public boolean hasNext() {
                            return delegate.hasNext();
                        }

                        @Override
                        public Iterable<Class<?>> next() {
                            List<Class<?>> kept = new ArrayList<>();
                            for (Class<?> type : delegate.next()) {
                                if (mayMatch(type, judged)) {
                                    kept.add(type);
                                }
                            }
                            StartupTrace.mark(kept.size() + " loaded classes kept for matching");
                            return kept;
                        }
                    };
        }

        boolean mayMatch(Class<?> type, Map<Class<?>, Boolean> judged) {
            if (type.isArray() || type.isPrimitive()) {
                return false;
            }
            Boolean known = judged.get(type);
            if (known != null) {
                return known;
            }
            judged.put(type, false); // guards the walk below against itself
            boolean may = byName.contains(type.getName()) || namesAMarker(type.getName());
            Class<?> superclass = type.getSuperclass();
            if (!may && superclass != null) {
                may = mayMatch(superclass, judged);
            }
            if (!may) {
                for (Class<?> implemented : type.getInterfaces()) {
                    if (mayMatch(implemented, judged)) {
                        may = true;
                        break;
                    }
                }
            }
            judged.put(type, may);
            return may;
        }

        private boolean namesAMarker(String name) {
            for (String marker : markers) {
                if (name.contains(marker)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The loaded classes kept for matching by name whatever their supertypes: the JDK classes the
     * points instrument, and the declared libraries' landmark classes, which are watched so that a
     * version the agent does not support is reported on attach too.
     */
    private static Set<String> keptByName(
            Set<String> jdkClasses, List<PointInstrumentation> instrumentations) {
        Set<String> names = new HashSet<>(jdkClasses);
        for (String landmark : landmarks(instrumentations)) {
            names.add(landmark.replace('/', '.'));
        }
        return names;
    }

    /**
     * The internal names of the declared libraries' landmark classes, let through the pre-filter.
     */
    private static Set<String> landmarks(List<PointInstrumentation> instrumentations) {
        Set<String> names = new HashSet<>();
        for (PointInstrumentation instrumented : instrumentations) {
            for (Library library : instrumented.libraries()) {
                names.add(library.landmark().replace('.', '/'));
            }
        }
        return names;
    }

    /**
     * Classes already loaded whose names are given: the JDK classes a point instruments, at
     * start-up. Looked for again after each batch, since retransforming one JDK class can load
     * another ({@code SocketChannelImpl} loads {@code Socket}) while Byte Buddy's transformer
     * passes over classes loaded during its own work.
     */
    private static final class LoadedClassesNamed
            implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {
        private final Set<String> names;

        LoadedClassesNamed(Set<String> names) {
            this.names = names;
        }

        @Override
        public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
            Set<Class<?>> seen = new HashSet<>();
            return () ->
                    new Iterator<Iterable<Class<?>>>() {
                        private List<Class<?>> next = discover();

                        private List<Class<?>> discover() {
                            List<Class<?>> found = new ArrayList<>();
                            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                                if (names.contains(type.getName()) && seen.add(type)) {
                                    found.add(type);
                                }
                            }
                            return found;
                        }

                        @Override
                        public boolean hasNext() {
                            if (next == null) {
                                next = discover();
                            }
                            return !next.isEmpty();
                        }

                        @Override
                        public Iterable<Class<?>> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            List<Class<?>> batch = next;
                            next = null;
                            return batch;
                        }
                    };
        }
    }

    /** One point's advice, bound to its id and bit, made once at first use. */
    private static final class LazyAdvice {
        private final int id;
        private final int[] observed;
        private final Class<?> adviceClass;
        private Advice advice;

        LazyAdvice(int id, int[] observed, Class<?> adviceClass) {
            this.id = id;
            this.observed = observed;
            this.adviceClass = adviceClass;
        }

        synchronized Advice get() {
            if (advice == null) {
                advice = Bound.mapping(id, observed).to(adviceClass);
            }
            return advice;
        }
    }

    /** Traces the retransformation of classes already loaded, batch by batch. */
    private static final class TracedRedefinition
            extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
        @Override
        public void onBatch(int index, List<Class<?>> batch, List<Class<?>> types) {
            StartupTrace.mark(
                    "matched, retransforming batch " + index + " of " + batch.size() + " classes");
        }

        @Override
        public Iterable<? extends List<Class<?>>> onError(
                int index, List<Class<?>> batch, Throwable throwable, List<Class<?>> types) {
            StartupTrace.mark("batch " + index + " failed: " + throwable);
            return java.util.Collections.emptyList();
        }

        @Override
        public void onComplete(
                int amount,
                List<Class<?>> types,
                java.util.Map<List<Class<?>>, Throwable> failures) {
            StartupTrace.mark(amount + " batches retransformed");
        }
    }

    /**
     * Counts and logs (once per kind) classes that could not be instrumented; they run unchanged.
     */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        private final AgentLog log;

        FailureListener(AgentLog log) {
            this.log = log;
        }

        @Override
        public void onError(
                String typeName,
                ClassLoader classLoader,
                JavaModule module,
                boolean loaded,
                Throwable throwable) {
            log.internalError("instrumentation", typeName, throwable);
        }
    }
}
