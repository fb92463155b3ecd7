package dev.faultline.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The injection points this agent offers, by name and by id. */
public final class PointCatalog {
    private final Map<String, InjectionPoint> byName = new LinkedHashMap<>();
    private final InjectionPoint[] byId;

    public PointCatalog(List<? extends InjectionPoint> points) {
        int size = 0;
        for (InjectionPoint point : points) {
            size = Math.max(size, point.id() + 1);
        }
        byId = new InjectionPoint[size];
        for (InjectionPoint point : points) {
            byName.put(point.name(), point);
            byId[point.id()] = point;
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
