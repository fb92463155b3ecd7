package dev.faultline.points;

import dev.faultline.core.InjectionPoint;

import java.util.List;

/** An instrumented area (JDBC, Kafka ...): its injection points and the instrumentation behind them. */
public interface PointModule {

    List<InjectionPoint> points();

    List<PointInstrumentation> instrumentations();
}
