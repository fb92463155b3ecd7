package dev.faultline.points.jdbc;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The DataSources the application has borrowed from while a {@code jdbc.pool} or {@code jdbc.server}
 * fault was active: held weakly (an undeployed application's pool may go), by identity.
 */
final class SeenDataSources {
    private final Map<DataSource, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

    /** Notes a DataSource; {@code true} when it is new. */
    boolean add(Object target) {
        return target instanceof DataSource && seen.putIfAbsent((DataSource) target, Boolean.TRUE) == null;
    }

    List<DataSource> all() {
        synchronized (seen) {
            return new ArrayList<>(seen.keySet());
        }
    }
}
