// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.function.BiFunction;

/**
 * Defines a class in the boot loader. {@link BridgeLoader} loads this class in a class loader of
 * its own and has {@code java.base} export {@code jdk.internal.misc} to that loader's unnamed
 * module only: the application's class path, the agent's loader included, gains no access to the
 * JDK's internals. Never loaded by the agent's own class loader (it is named only as a string
 * there); the agent calls it through {@link BiFunction}, a type both loaders share.
 *
 * <p>A method handle called with its exact type rather than reflection: on JDK 18 and later a
 * reflective call of a method with six parameters spins a dozen method-handle classes first, some
 * 25 ms of the JVM's start.
 */
public final class BootClassDefiner implements BiFunction<String, byte[], Class<?>> {
    private final MethodHandle defineClass;

    public BootClassDefiner() throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object unsafe;
        try {
            unsafe =
                    lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass))
                            .invoke();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        defineClass =
                lookup.findVirtual(
                                unsafeClass,
                                "defineClass",
                                MethodType.methodType(
                                        Class.class,
                                        String.class,
                                        byte[].class,
                                        int.class,
                                        int.class,
                                        ClassLoader.class,
                                        ProtectionDomain.class))
                        .bindTo(unsafe);
    }

    /** Defines the class in the boot loader (loader {@code null}), with no protection domain. */
    @Override
    public Class<?> apply(String name, byte[] bytes) {
        try {
            return (Class<?>)
                    defineClass.invokeExact(
                            name,
                            bytes,
                            0,
                            bytes.length,
                            (ClassLoader) null,
                            (ProtectionDomain) null);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
