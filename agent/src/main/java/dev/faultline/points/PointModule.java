package dev.faultline.points;

import dev.faultline.core.InjectionPoint;

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
}
