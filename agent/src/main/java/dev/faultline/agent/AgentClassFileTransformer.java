// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * The agent's wrapper around Byte Buddy's transformer. It passes over, before Byte Buddy parses it,
 * every class whose bytes name none of the points' markers ({@code java/sql/Statement} ...): most
 * classes an application loads, which would otherwise each cost a parse and a walk of their
 * supertypes. And it keeps the bytes of each class it changes, so that detaching can give every
 * class exactly the bytecode it had before (retransformation alone does not on every JDK).
 */
final class AgentClassFileTransformer extends ResettableClassFileTransformer.WithDelegation {
    private final ClassFileMarkers markers;
    private final Set<String> byName;

    /**
     * Original bytes by class loader (held weakly) and class name; the bootstrap loader under its
     * own map.
     */
    private final Map<ClassLoader, Map<String, byte[]>> originals = new WeakHashMap<>();

    private final Map<String, byte[]> bootstrapOriginals = new HashMap<>();

    /** Counted only while tracing the start ({@link StartupTrace}). */
    private final AtomicLong passedOver = new AtomicLong();

    private final AtomicLong considered = new AtomicLong();

    /**
     * @param byName internal names of classes let through whatever their bytes (the declared
     *     libraries' landmark classes, checked for their version)
     */
    AgentClassFileTransformer(
            ResettableClassFileTransformer transformer, List<String> markers, Set<String> byName) {
        super(transformer);
        this.byName = byName;
        this.markers = new ClassFileMarkers(markers);
    }

    @Override
    public byte[] transform(
            ClassLoader loader,
            String name,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] classFile)
            throws IllegalClassFormatException {
        if (!mayInstrument(name, classFile)) {
            return null;
        }
        return remember(
                loader,
                name,
                classFile,
                classFileTransformer.transform(loader, name, redefined, domain, classFile));
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String name,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] classFile)
            throws IllegalClassFormatException {
        if (!mayInstrument(name, classFile)) {
            return null;
        }
        return remember(
                loader,
                name,
                classFile,
                classFileTransformer.transform(module, loader, name, redefined, domain, classFile));
    }

    /**
     * Removes this transformer and redefines every class it changed with the bytes it had before.
     *
     * @return how many classes were restored
     */
    int uninstall(Instrumentation instrumentation)
            throws ClassNotFoundException, UnmodifiableClassException {
        instrumentation.removeTransformer(this);
        List<ClassDefinition> definitions = new ArrayList<>();
        synchronized (originals) {
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                Map<String, byte[]> ofLoader =
                        type.getClassLoader() == null
                                ? bootstrapOriginals
                                : originals.get(type.getClassLoader());
                byte[] original =
                        ofLoader == null ? null : ofLoader.get(type.getName().replace('.', '/'));
                if (original != null) {
                    definitions.add(new ClassDefinition(type, original));
                }
            }
            originals.clear();
            bootstrapOriginals.clear();
        }
        if (!definitions.isEmpty()) {
            instrumentation.redefineClasses(definitions.toArray(new ClassDefinition[0]));
        }
        return definitions.size();
    }

    private byte[] remember(ClassLoader loader, String name, byte[] original, byte[] transformed) {
        if (transformed != null && name != null) {
            synchronized (originals) {
                Map<String, byte[]> ofLoader =
                        loader == null
                                ? bootstrapOriginals
                                : originals.computeIfAbsent(loader, l -> new HashMap<>());
                ofLoader.putIfAbsent(name, original);
            }
        }
        return transformed;
    }

    /**
     * Whether Byte Buddy should see the class: its bytes name a marker, or it is named outright.
     */
    private boolean mayInstrument(String name, byte[] classFile) {
        return mentionsAMarker(classFile) || (name != null && byName.contains(name));
    }

    private boolean mentionsAMarker(byte[] classFile) {
        boolean mentions = markers.mentionedIn(classFile);
        if (StartupTrace.ON) {
            (mentions ? considered : passedOver).incrementAndGet();
        }
        return mentions;
    }

    long passedOver() {
        return passedOver.get();
    }

    long considered() {
        return considered.get();
    }
}
