package dev.faultline.points.jdbc;

import dev.faultline.bridge.Points;
import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.WeakHashMap;
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
    /** Pools seen, held weakly (an undeployed application's pool may go); identity, as pools do not define equals. */
    private final Map<DataSource, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<ActiveFault, PoolExhaustion> running = new ConcurrentHashMap<>();
    /** One thread per exhaust fault: borrowing blocks. Started on first use. */
    private final ExecutorService borrowers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "faultline-pool-exhaust");
        thread.setDaemon(true);
        return thread;
    });

    JdbcPoolPoint() {
        super("jdbc.pool", Points.JDBC_POOL, EnumSet.of(Action.EXHAUST), Arrays.asList("pool"));
    }

    @Override
    public void observe(Object target) {
        if (target instanceof DataSource && !seen.containsKey(target)) {
            seen.put((DataSource) target, Boolean.TRUE);
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
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException("jdbc.pool has no error action");
    }

    @Override
    public void start(ActiveFault fault) {
        PoolExhaustion exhaustion = new PoolExhaustion(fault, this::pools);
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

    private Collection<DataSource> pools() {
        synchronized (seen) {
            return new ArrayList<>(seen.keySet());
        }
    }
}
