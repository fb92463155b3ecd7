// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.method;

import dev.faultline.core.ErrorClasses;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The exception of a {@code method} error fault: any Throwable class of the application, checked
 * ones included. Checked in two steps: when the spec is parsed, a class the agent can see (the
 * JDK's, the class path's) must be a Throwable; when the fault is enabled, the class must be
 * visible to, and a Throwable in, the class loader of every matched method's class (the
 * application's own classes).
 */
final class MethodErrors {
    private static final String EXPECTED =
            "expected a fully qualified Throwable class such as java.io.IOException";

    private MethodErrors() {}

    /** At parse time: required, a class name, and a Throwable if the agent can load it. */
    static void validate(FaultSpec spec) {
        if (spec.error() == null) {
            throw SpecException.field("error", "required for a method error; " + EXPECTED);
        }
        ErrorClasses.check(spec.error(), ACCEPTED);
    }

    /** Any Throwable, checked ones too (the method may declare them), by its full name. */
    private static final ErrorClasses.Accepted ACCEPTED =
            ErrorClasses.Accepted.anyThrowable(
                    "a fully qualified Throwable class such as java.io.IOException");

    /** When enabled: the class as each matched method's class loader resolves it. */
    static void validate(FaultSpec spec, List<Method> matched) {
        for (Method method : matched) {
            if (!ErrorClasses.checkThrough(
                    spec.error(), ACCEPTED, method.getDeclaringClass().getClassLoader())) {
                throw SpecException.field(
                        "error",
                        "no class "
                                + spec.error()
                                + " is visible to "
                                + method.getDeclaringClass().getName()
                                + ", whose method "
                                + method.getName()
                                + " the fault matches; "
                                + EXPECTED);
            }
        }
    }

    static Throwable create(FaultSpec spec, Object target) {
        String message =
                spec.message() != null
                        ? spec.message()
                        : "Injected by Faultline fault " + spec.id();
        return ErrorClasses.create(
                spec.error(),
                ACCEPTED,
                target == null ? null : target.getClass().getClassLoader(),
                message,
                spec.id());
    }
}
