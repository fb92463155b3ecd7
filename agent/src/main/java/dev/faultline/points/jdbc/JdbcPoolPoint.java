package dev.faultline.points.jdbc;

import dev.faultline.bridge.Points;
import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code jdbc.pool}: the application's own connection pools (HikariCP, DBCP2, Tomcat JDBC, any
 * {@code DataSource}). {@code exhaust} really borrows their connections and holds them, so the
 * application's threads wait and then fail with the pool's own timeout. Pools are found as the
 * application borrows from them while the fault is active; the held connections go back when it ends.
 */
final class JdbcPoolPoint extends AbstractInjectionPoint {
    private final SeenDataSources seen;
    private final Map<ActiveFault, PoolExhaustion> running = new ConcurrentHashMap<>();
    /** One thread per exhaust fault: borrowing blocks. Started on first use. */
    private final ExecutorService borrowers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "faultline-pool-exhaust");
        thread.setDaemon(true);
        return thread;
    });

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
        String callScoping = spec.probability() < 1.0 ? "probability" : spec.after() > 0 ? "after"
                : spec.limit() != Long.MAX_VALUE ? "limit" : null;
        if (callScoping != null) {
            throw SpecException.field(callScoping, "does not apply to jdbc.pool: it acts on pools, not on calls");
        }
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
        PoolExhaustion exhaustion = new PoolExhaustion(fault, seen::all);
        running.put(fault, exhaustion);
        borrowers.execute(exhaustion);
    }

    @Override
    public void stop(ActiveFault fault) {
        PoolExhaustion exhaustion = running.remove(fault);
        if (exhaustion != null) {
            exhaustion.release();
        }
    }

    @Override
    public Map<String, Object> state(ActiveFault fault) {
        PoolExhaustion exhaustion = running.get(fault);
        return exhaustion == null ? Collections.emptyMap() : exhaustion.state();
    }

    @Override
    public void close() {
        borrowers.shutdownNow();
    }
}
