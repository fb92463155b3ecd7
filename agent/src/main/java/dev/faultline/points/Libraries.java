// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Helpers for declaring {@link Library libraries}. */
public final class Libraries {
    private Libraries() {}

    /**
     * The instrumentation with the given libraries declared: for a module whose instrumentations
     * all reach the same libraries (JDBC's, through {@code java.sql} interfaces).
     */
    public static PointInstrumentation declare(
            PointInstrumentation instrumentation, List<Library> libraries) {
        return new PointInstrumentation() {
            @Override
            public String point() {
                return instrumentation.point();
            }

            @Override
            public ElementMatcher<TypeDescription> types() {
                return instrumentation.types();
            }

            @Override
            public ElementMatcher<MethodDescription> methods() {
                return instrumentation.methods();
            }

            @Override
            public Class<?> advice() {
                return instrumentation.advice();
            }

            @Override
            public List<String> observes() {
                return instrumentation.observes();
            }

            @Override
            public List<Library> libraries() {
                return libraries;
            }
        };
    }
}
