// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points;

import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** One piece of instrumentation: which types and methods get which advice. */
public interface PointInstrumentation {

    /** The name of the point this instrumentation serves, such as {@code jdbc.execute}. */
    String point();

    /** The types to instrument. */
    ElementMatcher<TypeDescription> types();

    /** The methods of those types that get the advice. */
    ElementMatcher<MethodDescription> methods();

    /**
     * The advice class, inlined into each matched method. It may only call the bridge; the
     * constants of {@link Bound} (this point's id and bit) are bound for it.
     */
    Class<?> advice();

    /**
     * Other points whose objects this instrumentation notes (a DataSource's {@code getConnection}
     * notes pools for {@code jdbc.pool} and {@code jdbc.server}): their ids and bits are bound as
     * {@link Bound.ObservedId} and {@link Bound.ObservedMask}.
     */
    default List<String> observes() {
        return Collections.emptyList();
    }

    /**
     * The libraries whose classes this instrumentation changes, each with the versions and members
     * it needs; a matched class of one of them is instrumented only where its library passes the
     * check. Classes of no declared library (the JDK's, a driver's reached through {@code
     * java.sql}) are instrumented as before.
     */
    default List<Library> libraries() {
        return Collections.emptyList();
    }
}
