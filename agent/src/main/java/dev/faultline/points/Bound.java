// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;

/**
 * Constants bound into advice when it is inlined: the id of the point an instrumentation serves,
 * and its bit in {@code Bridge.switches}. Ids are given at start-up, so advice cannot name them as
 * compile-time constants; bound this way they still land in the instrumented code as constants, and
 * one advice class serves every point that calls the same way.
 */
public final class Bound {
    private Bound() {}

    /** The point's id ({@code int}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface PointId {}

    /**
     * The point's bit in {@code Bridge.switches} ({@code long}): {@code (Bridge.switches & mask) !=
     * 0} is the idle check.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface PointMask {}

    /**
     * The id of the point the instrumentation notes objects for ({@link
     * PointInstrumentation#observes()}), or -1.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface ObservedId {}

    /** The bits of every point the instrumentation notes objects for ({@code long}), 0 for none. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    public @interface ObservedMask {}

    /**
     * The custom mapping that binds these constants.
     *
     * @param pointId the served point's id
     * @param observedIds the ids of the points it notes objects for
     */
    public static Advice.WithCustomMapping mapping(int pointId, int... observedIds) {
        long observedMask = 0L;
        for (int id : observedIds) {
            observedMask |= 1L << id;
        }
        return Advice.withCustomMapping()
                .bind(PointId.class, pointId)
                .bind(PointMask.class, 1L << pointId)
                .bind(ObservedId.class, observedIds.length == 0 ? -1 : observedIds[0])
                .bind(ObservedMask.class, observedMask);
    }
}
