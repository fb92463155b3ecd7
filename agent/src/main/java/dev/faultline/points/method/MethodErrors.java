package dev.faultline.points.method;

import dev.faultline.core.FaultSpec;

/** The exception of a {@code method} error fault: any Throwable class of the application, checked ones included. */
final class MethodErrors {
    private MethodErrors() {}

    static Throwable create(FaultSpec spec, Object target) {
        ClassLoader loader = target == null ? ClassLoader.getSystemClassLoader() : target.getClass().getClassLoader();
        try {
            Class<?> type = Class.forName(spec.error(), false, loader != null ? loader : ClassLoader.getSystemClassLoader());
            String message = spec.message() != null ? spec.message() : "Injected by Faultline fault " + spec.id();
            try {
                return (Throwable) type.getConstructor(String.class).newInstance(message);
            } catch (NoSuchMethodException noMessage) {
                return (Throwable) type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot create " + spec.error() + " for fault " + spec.id(), e);
        }
    }
}
