// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points;

import dev.faultline.core.InjectionPoint;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

/**
 * An instrumented area (JDBC, Kafka ...): its injection points and the instrumentation behind them.
 *
 * <p>Modules are found with {@link java.util.ServiceLoader}: a module is a class with a public
 * no-argument constructor, named in {@code META-INF/services/dev.faultline.points.PointModule}.
 * Adding a library is then one package plus one line there; nothing else in the agent lists
 * modules.
 */
public interface PointModule {

    /**
     * Called once, before {@link #points()}, with the agent's instrumentation (for points that
     * instrument when a fault is enabled, or open JDK internals); {@code null} in tests that only
     * parse.
     */
    default void init(Instrumentation instrumentation) {}

    List<InjectionPoint> points();

    List<PointInstrumentation> instrumentations();

    /**
     * Strings (internal names such as {@code java/sql/}) at least one of which stands in the class
     * file of every class this module instruments. Classes whose bytes hold none of any module's
     * markers are passed over before Byte Buddy parses them, which keeps start-up fast. Classes
     * already loaded when the agent instruments are kept for matching only if their own name or a
     * supertype's holds a marker (in dotted form): a type a point matches by name or by a supertype
     * must be named by one.
     */
    List<String> classFileMarkers();

    /**
     * The JDK classes this module instruments ({@code java.net.Socket} ...), by name. The agent
     * leaves every other JDK class alone; these it also retransforms at start-up, since the JVM
     * loads them before the agent.
     */
    default List<String> jdkClasses() {
        return Collections.emptyList();
    }
}
