// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls into the application's libraries, which the agent never bundles: by name, through the class
 * loader of the object at hand, and only while a fault acts. Lookups are cached per class ({@link
 * ClassValue}, so a library's class loader can still be collected). Shared by every point.
 */
public final class Reflection {
    /** Methods by class, then by name: looked up once, as a fault may act on every request. */
    private static final ClassValue<Map<String, List<Method>>> METHODS =
            new ClassValue<Map<String, List<Method>>>() {
                @Override
                protected Map<String, List<Method>> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    private static final Object[] NO_ARGS = new Object[0];

    private Reflection() {}

    /**
     * A method without arguments, such as a request's {@code getMethod()}, called on objects of a
     * library the agent cannot name: its {@link Method} found once per class, so that a call costs
     * one {@link ClassValue} lookup and the invocation, with nothing allocated but what the method
     * returns (a boxed primitive). For values read on every request while a fault is active.
     */
    public static final class Getter {
        private final String name;

        /** Per class, the method, or empty when the class has none. */
        private final ClassValue<Optional<Method>> methods =
                new ClassValue<Optional<Method>>() {
                    @Override
                    protected Optional<Method> computeValue(Class<?> type) {
                        try {
                            return Optional.of(method(type, name, NO_ARGS, false));
                        } catch (NoSuchMethodException absent) {
                            return Optional.empty();
                        }
                    }
                };

        public Getter(String name) {
            this.name = name;
        }

        /** Whether {@code target}'s class has the method. */
        public boolean isDefinedFor(Object target) {
            return methods.get(target.getClass()).isPresent();
        }

        /** Calls the method on {@code target}. */
        public Object call(Object target) throws ReflectiveOperationException {
            Optional<Method> method = methods.get(target.getClass());
            if (!method.isPresent()) {
                throw new NoSuchMethodException(target.getClass().getName() + "." + name + "()");
            }
            return method.get().invoke(target, NO_ARGS);
        }
    }

    /** Calls a method, found by name and arguments (library classes are not always public). */
    public static Object call(Object target, String name, Object... args)
            throws ReflectiveOperationException {
        return method(target.getClass(), name, args, false).invoke(target, args);
    }

    /** Calls a static method of a class of {@code loader}'s, found by name and arguments. */
    public static Object callStatic(
            ClassLoader loader, String className, String name, Object... args)
            throws ReflectiveOperationException {
        return method(Class.forName(className, false, loader), name, args, true).invoke(null, args);
    }

    /** Calls a constructor of a class of {@code loader}'s, found by argument count and types. */
    public static Object construct(ClassLoader loader, String className, Object... args)
            throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, false, loader);
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (accepts(constructor.getParameterTypes(), args)) {
                constructor.setAccessible(true);
                return constructor.newInstance(args);
            }
        }
        throw new NoSuchMethodException(
                className + " has no constructor for these " + args.length + " arguments");
    }

    /** Reads a field, declared by the object's class or a superclass. */
    public static Object field(Object target, String name) throws ReflectiveOperationException {
        return declaredField(target.getClass(), name).get(target);
    }

    /** Writes a field, declared by the object's class or a superclass. */
    public static void setField(Object target, String name, Object value)
            throws ReflectiveOperationException {
        declaredField(target.getClass(), name).set(target, value);
    }

    public static boolean hasField(Object target, String name) {
        try {
            declaredField(target.getClass(), name);
            return true;
        } catch (NoSuchFieldException absent) {
            return false;
        }
    }

    public static boolean hasMethod(Object target, String name, Object... args) {
        try {
            method(target.getClass(), name, args, false);
            return true;
        } catch (NoSuchMethodException absent) {
            return false;
        }
    }

    private static Field declaredField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    private static Method method(Class<?> type, String name, Object[] args, boolean isStatic)
            throws NoSuchMethodException {
        for (Method method :
                METHODS.get(type).computeIfAbsent(name, key -> candidates(type, name))) {
            if (Modifier.isStatic(method.getModifiers()) == isStatic
                    && method.getParameterCount() == args.length
                    && (args.length == 0 || accepts(method.getParameterTypes(), args))) {
                return method;
            }
        }
        throw new NoSuchMethodException(
                type.getName() + "." + name + " for these " + args.length + " arguments");
    }

    /** The methods of a class and its superclasses with this name, made accessible. */
    private static List<Method> candidates(Class<?> type, String name) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name) && !method.isBridge()) {
                    method.setAccessible(true);
                    found.add(method);
                }
            }
        }
        return found;
    }

    private static boolean accepts(Class<?>[] parameters, Object[] args) {
        if (parameters.length != args.length) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            Class<?> parameter = parameters[i].isPrimitive() ? boxed(parameters[i]) : parameters[i];
            if (args[i] != null && !parameter.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> boxed(Class<?> primitive) {
        return primitive == int.class
                ? Integer.class
                : primitive == long.class ? Long.class : Boolean.class;
    }
}
