// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.faultline.core.AgentLog;
import dev.faultline.core.InjectionPoint;
import dev.faultline.points.Library;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Whether a declared {@link Library} is supported in a class loader: its version (from its jar)
 * lies in the declared range and the members the instrumentation needs exist. Judged once per
 * library and class loader (held weakly, so an undeployed application's loader can go), from
 * class-file bytes and jar entries read as resources: no application class is loaded or
 * initialised, and no failure reaches the application (a check that fails keeps the instrumentation
 * off and is counted as an agent error).
 */
final class LibrarySupport {
    private static final Pattern JAR_VERSION = Pattern.compile("-([0-9][0-9A-Za-z.+_-]*)\\.jar$");
    private static final int MISSING_SHOWN = 3;

    private final AgentLog log;
    private final Map<Library, Map<ClassLoader, String>> verdicts = new HashMap<>();

    LibrarySupport(AgentLog log) {
        this.log = log;
    }

    /**
     * Why the library is not supported in the loader, or {@code null} when it is (or when it is
     * absent there).
     */
    String unsupported(Library library, ClassLoader loader) {
        Map<ClassLoader, String> byLoader;
        synchronized (verdicts) {
            // WeakHashMap takes the bootstrap loader's null as a key of its own
            byLoader = verdicts.computeIfAbsent(library, l -> new WeakHashMap<>());
        }
        synchronized (byLoader) {
            if (byLoader.containsKey(loader)) {
                return byLoader.get(loader);
            }
        }
        String verdict;
        try {
            verdict = judge(library, loader);
        } catch (RuntimeException | LinkageError failure) {
            log.internalError("library check", library.name(), failure);
            verdict = library.name() + " could not be checked: " + failure;
        }
        synchronized (byLoader) {
            if (byLoader.containsKey(loader)) {
                return byLoader.get(loader); // another thread judged it meanwhile
            }
            byLoader.put(loader, verdict);
        }
        return verdict;
    }

    private static String judge(Library library, ClassLoader loader) {
        String landmarkFile = library.landmark().replace('.', '/') + ".class";
        if (loader == null) {
            return null; // the bootstrap loader holds the JDK, no declared library
        }
        URL landmark = loader.getResource(landmarkFile);
        if (landmark == null) {
            return null; // the library is not there: nothing to instrument, nothing to say
        }
        String version = version(library, landmark.toString(), landmarkFile);
        List<String> missing = missing(library, loader);
        if ((version == null || library.supports(version)) && missing.isEmpty()) {
            return null;
        }
        StringBuilder reason =
                new StringBuilder(library.name())
                        .append(' ')
                        .append(version == null ? "(version unknown)" : version)
                        .append(" not supported (supported: ")
                        .append(library.supported())
                        .append(')');
        if (!missing.isEmpty()) {
            reason.append("; ");
            reason.append(
                    String.join(", ", missing.subList(0, Math.min(MISSING_SHOWN, missing.size()))));
            if (missing.size() > MISSING_SHOWN) {
                reason.append(" and ").append(missing.size() - MISSING_SHOWN).append(" more");
            }
            reason.append(" missing");
        }
        return reason.toString();
    }

    /**
     * The version of the jar (or directory) the landmark class comes from: the declared version
     * files first (the most exact), then the manifest's Implementation-Version and Bundle-Version,
     * then the jar's file name ({@code okhttp-4.12.0.jar}: OkHttp 4 writes it nowhere else).
     */
    static String version(Library library, String landmark, String landmarkFile) {
        if (!landmark.endsWith(landmarkFile)) {
            return null;
        }
        String base = landmark.substring(0, landmark.length() - landmarkFile.length());
        for (String file : library.versionFiles()) {
            Properties properties = new Properties();
            if (read(base + file, properties::load)) {
                String version = properties.getProperty("version");
                if (version != null && !version.trim().isEmpty()) {
                    return version.trim();
                }
            }
        }
        Manifest manifest = new Manifest();
        if (read(base + "META-INF/MANIFEST.MF", manifest::read)) {
            Attributes main = manifest.getMainAttributes();
            for (String name : new String[] {"Implementation-Version", "Bundle-Version"}) {
                String version = main.getValue(name);
                if (version != null && !version.trim().isEmpty()) {
                    return version.trim();
                }
            }
        }
        if (base.startsWith("jar:") && base.endsWith("!/")) {
            Matcher named = JAR_VERSION.matcher(base.substring(0, base.length() - 2));
            if (named.find()) {
                return named.group(1);
            }
        }
        return null;
    }

    private interface Reader {
        void read(InputStream in) throws IOException;
    }

    private static boolean read(String url, Reader reader) {
        try {
            URLConnection connection = new URL(url).openConnection();
            // no cached jar kept open on the application's behalf
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                reader.read(in);
                return true;
            }
        } catch (IOException | RuntimeException absent) {
            return false;
        }
    }

    /** The needed members the loader's class files lack, as declared. */
    static List<String> missing(Library library, ClassLoader loader) {
        TypePool pool =
                new TypePool.Default(
                        new TypePool.CacheProvider.Simple(),
                        ClassFileLocator.ForClassLoader.of(loader),
                        TypePool.Default.ReaderMode.FAST);
        List<String> missing = new ArrayList<>();
        for (String reference : library.needs()) {
            int hash = reference.indexOf('#');
            String typeName = hash < 0 ? reference : reference.substring(0, hash);
            TypePool.Resolution resolution = pool.describe(typeName);
            if (!resolution.isResolved()) {
                if (!missing.contains(typeName)) { // named once, however many members it has
                    missing.add(typeName);
                }
                continue;
            }
            if (hash >= 0 && !has(resolution.resolve(), reference.substring(hash + 1))) {
                missing.add(reference);
            }
        }
        return missing;
    }

    /** Whether the type or one of its superclasses declares the member. */
    private static boolean has(TypeDescription type, String member) {
        for (TypeDescription.Generic at = type.asGenericType();
                at != null && !at.represents(Object.class);
                at = at.getSuperClass()) {
            if (declares(at.asErasure(), member)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declares(TypeDescription type, String member) {
        int paren = member.indexOf('(');
        if (paren < 0) {
            return !type.getDeclaredFields().filter(named(member)).isEmpty();
        }
        String name = member.substring(0, paren);
        String arity = member.substring(paren + 1, member.length() - 1);
        boolean prefix = name.endsWith("*");
        String stem = prefix ? name.substring(0, name.length() - 1) : name;
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            String actual = method.getInternalName();
            if ((prefix ? actual.startsWith(stem) : actual.equals(stem))
                    && (arity.equals("*")
                            || method.getParameters().size() == Integer.parseInt(arity))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Passes a type the instrumentation matches only where its library (if one is declared for it)
     * is supported, and records on the point why not.
     */
    static final class Supported implements AgentBuilder.RawMatcher {
        private final ElementMatcher<TypeDescription> types;
        private final List<Library> libraries;
        private final InjectionPoint point;
        private final LibrarySupport support;

        Supported(
                ElementMatcher<TypeDescription> types,
                List<Library> libraries,
                InjectionPoint point,
                LibrarySupport support) {
            this.types = types;
            this.libraries = libraries;
            this.point = point;
            this.support = support;
        }

        @Override
        public boolean matches(
                TypeDescription type,
                ClassLoader loader,
                JavaModule module,
                Class<?> redefined,
                java.security.ProtectionDomain domain) {
            if (!types.matches(type)) {
                return false;
            }
            for (Library library : libraries) {
                if (library.governs(type.getName())) {
                    String reason = support.unsupported(library, loader);
                    if (reason != null) {
                        support.record(point, reason);
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * Never matches: looks at each library's landmark class as it loads, so that a version whose
     * instrumented classes are gone (OkHttp 3 has no {@code okhttp3.internal.connection.RealCall})
     * is still reported.
     */
    static final class Landmark implements AgentBuilder.RawMatcher {
        private final Library library;
        private final Collection<InjectionPoint> points;
        private final LibrarySupport support;

        Landmark(Library library, Collection<InjectionPoint> points, LibrarySupport support) {
            this.library = library;
            this.points = points;
            this.support = support;
        }

        @Override
        public boolean matches(
                TypeDescription type,
                ClassLoader loader,
                JavaModule module,
                Class<?> redefined,
                java.security.ProtectionDomain domain) {
            if (type.getName().equals(library.landmark())) {
                String reason = support.unsupported(library, loader);
                if (reason != null) {
                    points.forEach(point -> support.record(point, reason));
                }
            }
            return false;
        }
    }

    /** Notes the reason on the point and logs it, once however many classes or threads meet it. */
    private synchronized void record(InjectionPoint point, String reason) {
        if (!point.unsupported().contains(reason)) {
            point.markUnsupported(reason);
            log.info(point.name() + ": " + reason + "; it stays off for that library");
        }
    }
}
