// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A test-only agent that reads the bytecode a loaded class runs with now: it retransforms the class
 * and records the bytes its transformer is given. The JVM calls agents in the order they were
 * loaded, so the probe sees what every agent loaded before it produced: load it again after
 * Faultline to see Faultline's advice. Lets a test tell whether the advice is in a class, and
 * whether detaching restored the original.
 */
public final class ClassBytesProbe {
    private static volatile Instrumentation instrumentation;

    private ClassBytesProbe() {}

    public static void premain(String arguments, Instrumentation inst) {
        instrumentation = inst;
    }

    public static void agentmain(String arguments, Instrumentation inst) {
        instrumentation = inst;
    }

    static boolean loaded() {
        return instrumentation != null;
    }

    /** The current bytes of a class, Base64-encoded. */
    static String describe(String className) throws Exception {
        Class<?> type = Class.forName(className);
        AtomicReference<byte[]> seen = new AtomicReference<>();
        ClassFileTransformer recorder =
                new ClassFileTransformer() {
                    @Override
                    public byte[] transform(
                            ClassLoader loader,
                            String name,
                            Class<?> redefined,
                            ProtectionDomain domain,
                            byte[] bytes) {
                        if (redefined == type) {
                            seen.set(bytes.clone());
                        }
                        return null;
                    }
                };
        instrumentation.addTransformer(recorder, true);
        try {
            instrumentation.retransformClasses(type);
        } finally {
            instrumentation.removeTransformer(recorder);
        }
        return Base64.getEncoder().encodeToString(seen.get());
    }

    /**
     * The current bytes of every loaded class whose name passes the filter, by name,
     * Base64-encoded.
     */
    static Map<String, String> describeAll(Predicate<String> names) throws Exception {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (names.test(type.getName()) && instrumentation.isModifiableClass(type)) {
                types.add(type);
            }
        }
        Map<String, String> seen = new TreeMap<>();
        ClassFileTransformer recorder =
                new ClassFileTransformer() {
                    @Override
                    public byte[] transform(
                            ClassLoader loader,
                            String name,
                            Class<?> redefined,
                            ProtectionDomain domain,
                            byte[] bytes) {
                        if (redefined != null && types.contains(redefined)) {
                            synchronized (seen) {
                                seen.put(
                                        redefined.getName(),
                                        Base64.getEncoder().encodeToString(bytes));
                            }
                        }
                        return null;
                    }
                };
        instrumentation.addTransformer(recorder, true);
        try {
            instrumentation.retransformClasses(types.toArray(new Class<?>[0]));
        } finally {
            instrumentation.removeTransformer(recorder);
        }
        return seen;
    }
}
