package dev.faultline.points;

import dev.faultline.points.jdbc.JdbcModule;

import java.util.Collections;
import java.util.List;

/** Every instrumented area this agent ships. */
public final class PointModules {
    private PointModules() {}

    public static List<PointModule> all() {
        return Collections.singletonList(new JdbcModule());
    }
}
