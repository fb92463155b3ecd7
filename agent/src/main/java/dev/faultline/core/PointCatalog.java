// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import dev.faultline.bridge.Bridge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The injection points this agent offers, by name and by id. */
public final class PointCatalog {
    private final Map<String, InjectionPoint> byName = new LinkedHashMap<>();
    private final InjectionPoint[] byId;

    /**
     * Gives each point its id, in the order given (the order modules are found in, then each
     * module's own order), so ids are dense and fit the bridge's switches.
     *
     * @throws IllegalArgumentException when two points share a name, or there are more than the
     *     bridge has switches for
     */
    public PointCatalog(List<? extends InjectionPoint> points) {
        if (points.size() > Bridge.MAX_POINTS) {
            throw new IllegalArgumentException(
                    points.size() + " points: the bridge has switches for " + Bridge.MAX_POINTS);
        }
        byId = new InjectionPoint[points.size()];
        for (int id = 0; id < points.size(); id++) {
            InjectionPoint point = points.get(id);
            if (byName.putIfAbsent(point.name(), point) != null) {
                throw new IllegalArgumentException("two points are named " + point.name());
            }
            point.assignId(id);
            byId[id] = point;
        }
    }

    public InjectionPoint find(String name) {
        return byName.get(name);
    }

    public InjectionPoint byId(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    public List<InjectionPoint> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** One more than the largest point id. */
    int size() {
        return byId.length;
    }
}
