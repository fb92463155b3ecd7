package dev.faultline.points;

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

    /** The advice class, inlined into each matched method. It may only call the bridge. */
    Class<?> advice();
}
