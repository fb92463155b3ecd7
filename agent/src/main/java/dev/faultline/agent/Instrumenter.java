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
     */
    static AgentClassFileTransformer install(
            Instrumentation instrumentation,
            PointCatalog catalog,
            List<PointInstrumentation> instrumentations,
            List<String> classFileMarkers,
            Set<String> jdkClasses,
            AgentLog log,
            boolean retransformAll) {
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
                                        ? AgentBuilder.RedefinitionStrategy.DiscoveryStrategy
                                                .Reiterating.INSTANCE
                                        : new LoadedClassesNamed(jdkClasses))
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
            // volatile read when idle.
            Advice advice = Bound.mapping(point.id(), observed).to(instrumented.advice());
            builder =
                    builder.type(types)
                            .transform(
                                    (DynamicType.Builder<?> type,
                                            TypeDescription description,
                                            ClassLoader loader,
                                            JavaModule module,
                                            java.security.ProtectionDomain domain) -> {
                                        point.markInstrumented(description.getName());
                                        return type.visit(advice.on(instrumented.methods()));
                                    });
        }
        return (AgentClassFileTransformer) builder.installOn(instrumentation);
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
