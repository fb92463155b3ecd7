package dev.faultline.points;

import dev.faultline.core.InjectionPoint;

import java.util.Collections;
import java.util.List;

/** An instrumented area (JDBC, Kafka ...): its injection points and the instrumentation behind them. */
public interface PointModule {

    List<InjectionPoint> points();

    List<PointInstrumentation> instrumentations();

    /**
     * Strings (internal names such as {@code java/sql/}) at least one of which stands in the class
     * file of every class this module instruments. Classes whose bytes hold none of any module's
     * markers are passed over before Byte Buddy parses them, which keeps start-up fast.
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
