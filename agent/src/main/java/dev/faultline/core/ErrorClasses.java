// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The exception class an {@code error} fault names, resolved and built in one place for every
 * point: checked when the spec is parsed as far as the agent can see the class, and resolved again
 * through the application's class loader when the fault is injected. A point says what it accepts
 * with an {@link Accepted}; the errors name the field and the expected form the same way for all.
 */
public final class ErrorClasses {

    private ErrorClasses() {}

    /** What a point accepts as {@code error}. */
    public static final class Accepted {
        private final String nameForm;
        private final String expected;
        private final List<String> packages;
        private final boolean simpleMustResolve;
        private final List<Class<? extends Throwable>> allowed;
        private final String refusal;

        private Accepted(
                String nameForm,
                String expected,
                List<String> packages,
                boolean simpleMustResolve,
                List<Class<? extends Throwable>> allowed,
                String refusal) {
            this.nameForm = nameForm;
            this.expected = expected;
            this.packages = packages;
            this.simpleMustResolve = simpleMustResolve;
            this.allowed = allowed;
            this.refusal = refusal;
        }

        /**
         * Any Throwable, named as given.
         *
         * @param expected the expected form in words, such as {@code a fully qualified Throwable
         *     class such as java.io.IOException}
         */
        public static Accepted anyThrowable(String expected) {
            return new Accepted(
                    "a class name",
                    expected,
                    Collections.emptyList(),
                    false,
                    Collections.emptyList(),
                    null);
        }

        /**
         * A simple name stands for a class of these packages ({@code java.sql.}), tried in order;
         * one found in none of them is refused when the spec is parsed.
         */
        public Accepted simpleNamesIn(String... packages) {
            return new Accepted(
                    nameForm, expected, Arrays.asList(packages), true, allowed, refusal);
        }

        /**
         * A simple name stands for a class of this package, which may be visible only to the
         * application (kafka-clients in the application's loader): not refused when the agent
         * cannot see it.
         */
        public Accepted simpleNamesMaybeIn(String pkg) {
            return new Accepted(
                    nameForm, expected, Collections.singletonList(pkg), false, allowed, refusal);
        }

        /**
         * Only subclasses of these are thrown here; another Throwable is refused as {@code <class>
         * <refusal>; expected <expected>}.
         */
        @SafeVarargs
        public final Accepted only(String refusal, Class<? extends Throwable>... allowed) {
            return new Accepted(
                    nameForm,
                    expected,
                    packages,
                    simpleMustResolve,
                    Arrays.asList(allowed),
                    refusal);
        }

        /** How a wrong name is described: {@code a failure or a class name}. */
        public Accepted namedAs(String nameForm) {
            return new Accepted(nameForm, expected, packages, simpleMustResolve, allowed, refusal);
        }

        /** The class name a given name stands for (a simple name in the first package). */
        public String qualified(String given) {
            return given.indexOf('.') >= 0 || packages.isEmpty() ? given : packages.get(0) + given;
        }
    }

    /**
     * Checks {@code error} when the spec is parsed: the name's form, and the class as far as the
     * agent's own loader sees it. A class the agent cannot see may be the application's; it is
     * resolved on injection.
     *
     * @throws SpecException naming {@code error} and the expected form
     */
    public static void check(String given, Accepted accepted) {
        if (!ClassNames.isValid(given)) {
            throw SpecException.field(
                    "error",
                    "'"
                            + given
                            + "' is not "
                            + accepted.nameForm
                            + "; expected "
                            + accepted.expected);
        }
        Class<?> type = resolve(given, accepted, ErrorClasses.class.getClassLoader());
        if (type == null) {
            if (given.indexOf('.') < 0 && accepted.simpleMustResolve) {
                throw SpecException.field(
                        "error",
                        "no exception class "
                                + (accepted.packages.size() == 1
                                        ? accepted.packages.get(0) + given
                                        : given + " in " + packageNames(accepted.packages))
                                + "; expected "
                                + accepted.expected);
            }
            return;
        }
        String problem = problem(type, accepted);
        if (problem != null) {
            throw SpecException.field("error", problem + "; expected " + accepted.expected);
        }
    }

    /**
     * Checks {@code error} as this loader resolves it, when a fault is enabled against classes it
     * found (a method fault, for each class it matched).
     *
     * @return {@code false} when the loader sees no such class (the caller names where it looked)
     * @throws SpecException when the class it sees cannot be thrown here
     */
    public static boolean checkThrough(String given, Accepted accepted, ClassLoader loader) {
        Class<?> type =
                resolve(
                        given,
                        accepted,
                        loader != null ? loader : ClassLoader.getSystemClassLoader());
        if (type == null) {
            return false;
        }
        String problem = problem(type, accepted);
        if (problem != null) {
            throw SpecException.field("error", problem + "; expected " + accepted.expected);
        }
        return true;
    }

    /**
     * The exception to inject: the class resolved through the application's loader (then the
     * agent's, for the JDK's and the driver's), built with the message ({@code (String)}
     * constructor, else the no-argument one).
     *
     * @param loader the loader of the application's object the call went to; {@code null} for the
     *     system loader
     * @throws IllegalStateException when the class is not visible, not acceptable (an application
     *     class the agent could not see when the fault was enabled) or cannot be built
     */
    public static Throwable create(
            String given, Accepted accepted, ClassLoader loader, String message, String faultId) {
        return instantiate(load(given, accepted, loader, faultId), message, faultId);
    }

    /**
     * The class to inject, resolved as {@link #create} resolves it, for points that build it with
     * constructors of their own (an SQLException with its SQLState).
     */
    public static Class<? extends Throwable> load(
            String given, Accepted accepted, ClassLoader loader, String faultId) {
        Class<?> type =
                resolve(
                        given,
                        accepted,
                        loader != null ? loader : ClassLoader.getSystemClassLoader());
        if (type == null) {
            type = resolve(given, accepted, ErrorClasses.class.getClassLoader());
        }
        if (type == null) {
            throw new IllegalStateException(
                    "exception class "
                            + accepted.qualified(given)
                            + " of fault "
                            + faultId
                            + " is not visible to the application");
        }
        String problem = problem(type, accepted);
        if (problem != null) {
            throw new IllegalStateException("field 'error' of fault " + faultId + ": " + problem);
        }
        return type.asSubclass(Throwable.class);
    }

    /** Builds the exception with the message ({@code (String)}, else no-argument constructor). */
    public static Throwable instantiate(
            Class<? extends Throwable> type, String message, String faultId) {
        try {
            try {
                return type.getConstructor(String.class).newInstance(message);
            } catch (NoSuchMethodException noMessage) {
                return type.getConstructor().newInstance();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot create " + type.getName() + " for fault " + faultId, e);
        }
    }

    /** The class a name stands for through this loader, or {@code null}. */
    private static Class<?> resolve(String given, Accepted accepted, ClassLoader loader) {
        if (given.indexOf('.') >= 0 || accepted.packages.isEmpty()) {
            return ClassNames.tryLoad(given, loader);
        }
        for (String pkg : accepted.packages) {
            Class<?> type = ClassNames.tryLoad(pkg + given, loader);
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    /** Why the class cannot be thrown here, or {@code null} when it can. */
    private static String problem(Class<?> type, Accepted accepted) {
        if (!Throwable.class.isAssignableFrom(type)) {
            return type.getName() + " is not a Throwable subclass";
        }
        if (accepted.allowed.isEmpty()) {
            return null;
        }
        for (Class<?> allowed : accepted.allowed) {
            if (allowed.isAssignableFrom(type)) {
                return null;
            }
        }
        return type.getName() + " " + accepted.refusal;
    }

    private static String packageNames(List<String> packages) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < packages.size(); i++) {
            String name = packages.get(i);
            if (i > 0) text.append(" or ");
            text.append(name, 0, name.length() - 1);
        }
        return text.toString();
    }
}
