// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.memory;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Collections;
import java.util.List;

/** The heap: {@code memory} leak and fill. It instruments nothing. */
public final class MemoryModule implements PointModule {

    @Override
    public List<InjectionPoint> points() {
        return Collections.singletonList(new MemoryPoint());
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
