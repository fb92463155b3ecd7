// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.net;

import dev.faultline.core.ClassNames;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;
import java.io.IOException;
import java.util.Locale;

/**
 * The {@code error} of the network points ({@code net.connect}, {@code dns.resolve}, {@code
 * http.client}): a named failure ({@code refused}, {@code timeout}, {@code reset}), which each
 * point turns into the exception its library throws for it, or an exception class of the user's.
 */
public final class NetworkErrors {
    private static final String[] SHORT_NAME_PACKAGES = {"java.net.", "java.io.", "java.net.http."};

    /** A network failure, as {@code error:} names it. */
    public enum Failure {
        /** Nothing listens: the peer answered the SYN with a reset. */
        REFUSED,
        /** The peer did not answer within the caller's timeout. */
        TIMEOUT,
        /** The peer dropped an established connection. */
        RESET;

        String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private NetworkErrors() {}

    /** Checks {@code error:} (a failure name or an exception class). */
    public static void validate(FaultSpec spec, boolean failuresAllowed) {
        if (spec.error() == null || failuresAllowed && failure(spec) != null) {
            return;
        }
        String expected =
                (failuresAllowed ? "refused, timeout, reset or " : "")
                        + "an exception class such as SocketTimeoutException or java.net.NoRouteToHostException";
        if (!ClassNames.isValid(spec.error())) {
            throw SpecException.field(
                    "error",
                    "'"
                            + spec.error()
                            + "' is not "
                            + (failuresAllowed ? "a failure or " : "")
                            + "a class name; expected "
                            + expected);
        }
        Class<?> type = load(spec.error(), NetworkErrors.class.getClassLoader());
        if (type == null) {
            if (spec.error().indexOf('.') < 0) {
                throw SpecException.field(
                        "error",
                        "no exception class "
                                + spec.error()
                                + " in java.net or java.io; expected "
                                + expected);
            }
            return; // may be an application class, resolved from the application's class loader on
            // injection
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            throw SpecException.field(
                    "error", type.getName() + " is not a Throwable subclass; expected " + expected);
        }
        if (!IOException.class.isAssignableFrom(type)
                && !RuntimeException.class.isAssignableFrom(type)) {
            throw SpecException.field(
                    "error",
                    type.getName()
                            + " is not an IOException or an unchecked exception; expected "
                            + expected);
        }
    }

    /** The failure {@code error:} names, or {@code null} when it names a class (or is absent). */
    public static Failure failure(FaultSpec spec) {
        if (spec.error() != null) {
            for (Failure failure : Failure.values()) {
                if (failure.specName().equals(spec.error())) {
                    return failure;
                }
            }
        }
        return null;
    }

    /**
     * The exception of the class {@code error:} names, with {@code message:} or the given message.
     *
     * @param loader the application's class loader the call came from, for classes of its own
     */
    public static Throwable ofClass(FaultSpec spec, String defaultMessage, ClassLoader loader) {
        String message = spec.message() != null ? spec.message() : defaultMessage;
        Class<?> type = load(spec.error(), loader);
        if (type == null) {
            throw new IllegalStateException(
                    "exception class "
                            + spec.error()
                            + " of fault "
                            + spec.id()
                            + " is not visible to the application");
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            throw new IllegalStateException(
                    "field 'error' of fault "
                            + spec.id()
                            + ": "
                            + type.getName()
                            + " is not a Throwable subclass");
        }
        try {
            return (Throwable) type.getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "cannot create " + type.getName() + " for fault " + spec.id(), e);
        }
    }

    /** {@code message:} when given, else the library's own message for the failure. */
    public static String message(FaultSpec spec, String libraryMessage) {
        return spec.message() != null ? spec.message() : libraryMessage;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        ClassLoader from = loader != null ? loader : ClassLoader.getSystemClassLoader();
        if (name.indexOf('.') >= 0) {
            return ClassNames.tryLoad(name, from);
        }
        for (String packageName : SHORT_NAME_PACKAGES) {
            Class<?> type = ClassNames.tryLoad(packageName + name, from);
            if (type != null) {
                return type;
            }
        }
        return null;
    }
}
