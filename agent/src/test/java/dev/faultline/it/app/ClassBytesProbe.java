package dev.faultline.it.app;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

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
        ClassFileTransformer recorder = new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
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
}
