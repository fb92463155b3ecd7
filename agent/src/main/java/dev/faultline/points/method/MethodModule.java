// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.method;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

/**
 * {@code method}: any method, instrumented per fault while the fault lasts. Nothing is instrumented
 * up front.
 */
public final class MethodModule implements PointModule {
    private MethodPoint point;

    /**
     * @param instrumentation the agent's, to instrument methods when a fault is enabled; {@code
     *     null} where there is none
     */
    @Override
    public void init(Instrumentation instrumentation) {
        point = new MethodPoint(instrumentation);
    }

    @Override
    public List<InjectionPoint> points() {
        return Collections.singletonList(point);
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Collections.emptyList();
    }

    @Override
    public List<String> classFileMarkers() {
        return Collections.emptyList();
    }
}
