// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.net;

import dev.faultline.core.ErrorClasses;
import dev.faultline.core.FaultSpec;
import java.io.IOException;
import java.util.Locale;

/**
 * The {@code error} of the network points ({@code net.connect}, {@code dns.resolve}, {@code
 * http.client}): a named failure ({@code refused}, {@code timeout}, {@code reset}), which each
 * point turns into the exception its library throws for it, or an exception class of the user's.
 */
public final class NetworkErrors {

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
        ErrorClasses.check(spec.error(), failuresAllowed ? WITH_FAILURES : CLASSES);
    }

    /**
     * Exceptions a network call throws: IOExceptions and unchecked ones, java.net's and java.io's
     * by simple name.
     */
    private static final ErrorClasses.Accepted CLASSES = accepted("");

    private static final ErrorClasses.Accepted WITH_FAILURES =
            accepted("refused, timeout, reset or ").namedAs("a failure or a class name");

    private static ErrorClasses.Accepted accepted(String failures) {
        return ErrorClasses.Accepted.anyThrowable(
                        failures
                                + "an exception class such as SocketTimeoutException or java.net.NoRouteToHostException")
                .simpleNamesIn("java.net.", "java.io.", "java.net.http.")
                .only(
                        "is not an IOException or an unchecked exception",
                        IOException.class,
                        RuntimeException.class);
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
        return ErrorClasses.create(spec.error(), CLASSES, loader, message, spec.id());
    }

    /** {@code message:} when given, else the library's own message for the failure. */
    public static String message(FaultSpec spec, String libraryMessage) {
        return spec.message() != null ? spec.message() : libraryMessage;
    }
}
