package dev.faultline.points.jdbc;

import dev.faultline.bridge.Points;
import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;

/**
 * {@code jdbc.pool}: the application's own connection pools (HikariCP, DBCP2, Tomcat JDBC, any
 * {@code DataSource}). {@code exhaust} really borrows their connections and holds them, so the
 * application's threads wait and then fail with the pool's own timeout. Pools are found as the
 * application borrows from them while the fault is active; the held connections go back when it ends.
 */
final class JdbcPoolPoint extends AbstractInjectionPoint {
    private final SeenDataSources seen;
    private final ExhaustionWorkers workers = new ExhaustionWorkers("faultline-pool-exhaust");

    JdbcPoolPoint(SeenDataSources seen) {
        super("jdbc.pool", Points.JDBC_POOL, EnumSet.of(Action.EXHAUST), Arrays.asList("pool"));
        this.seen = seen;
    }

    /** Both jdbc.pool and jdbc.server faults make the advice report pools here. */
    @Override
    public void observe(Object target) {
        if (seen.add(target)) {
            markInstrumented();
        }
    }

    /** The pool's name and class, such as {@code HikariPool-1 (HikariDataSource)}. */
    @Override
    public String matchValue(String key, Object pool, String detail) {
        return PoolNames.of(pool);
    }

    @Override
    public void validate(FaultSpec spec) {
        refuseCallScoping(spec, "pools");
        if ("max".equals(spec.connectionsField())) {
            throw SpecException.field("max", "applies to jdbc.server; jdbc.pool takes connections: all or a number");
        }
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException("jdbc.pool has no error action");
    }

    @Override
    public void start(ActiveFault fault) {
        workers.start(fault, new PoolExhaustion(fault, seen::all));
    }

    @Override
    public void stop(ActiveFault fault) {
        workers.stop(fault);
    }

    @Override
    public Map<String, Object> state(ActiveFault fault) {
        return workers.state(fault);
    }

    @Override
    public void close() {
        workers.close();
    }
}
