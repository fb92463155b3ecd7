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
 * {@code jdbc.server}: the database server behind the application's DataSources. {@code exhaust}
 * opens connections with the application's own driver, URL and credentials until the server
 * refuses (PostgreSQL: "FATAL: sorry, too many clients already") or {@code max} are open, and holds
 * them: every client of that server, this service's pool included, then fails to connect.
 */
final class JdbcServerPoint extends AbstractInjectionPoint {
    private final SeenDataSources seen;
    private final Map<ActiveFault, ServerExhaustion> running = new ConcurrentHashMap<>();
    private final ExecutorService openers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "faultline-server-exhaust");
        thread.setDaemon(true);
        return thread;
    });

    JdbcServerPoint(SeenDataSources seen) {
        super("jdbc.server", Points.JDBC_SERVER, EnumSet.of(Action.EXHAUST), Arrays.asList("url"));
        this.seen = seen;
    }

    @Override
    public String matchValue(String key, Object dataSource, String detail) {
        return JdbcUrls.of(dataSource);
    }

    @Override
    public void validate(FaultSpec spec) {
        String callScoping = spec.probability() < 1.0 ? "probability" : spec.after() > 0 ? "after"
                : spec.limit() != Long.MAX_VALUE ? "limit" : null;
        if (callScoping != null) {
            throw SpecException.field(callScoping, "does not apply to jdbc.server: it acts on the server, not on calls");
        }
        if ("connections".equals(spec.connectionsField())) {
            throw SpecException.field("connections", "applies to jdbc.pool; jdbc.server takes max: all or a number");
        }
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException("jdbc.server has no error action");
    }

    @Override
    public void start(ActiveFault fault) {
        markInstrumented();
        ServerExhaustion exhaustion = new ServerExhaustion(fault, seen::all);
        running.put(fault, exhaustion);
        openers.execute(exhaustion);
    }

    @Override
    public void stop(ActiveFault fault) {
        ServerExhaustion exhaustion = running.remove(fault);
        if (exhaustion != null) {
            exhaustion.release();
        }
    }

    @Override
    public Map<String, Object> state(ActiveFault fault) {
        ServerExhaustion exhaustion = running.get(fault);
        return exhaustion == null ? Collections.emptyMap() : exhaustion.state();
    }

    @Override
    public void close() {
        openers.shutdownNow();
    }
}
