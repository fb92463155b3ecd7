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
 * {@code jdbc.server}: the database server behind the application's DataSources. {@code exhaust}
 * opens connections with the application's own driver, URL and credentials until the server
 * refuses (PostgreSQL: "FATAL: sorry, too many clients already") or {@code max} are open, and holds
 * them: every client of that server, this service's pool included, then fails to connect.
 */
final class JdbcServerPoint extends AbstractInjectionPoint {
    private final SeenDataSources seen;
    private final ExhaustionWorkers workers = new ExhaustionWorkers("faultline-server-exhaust");

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
        refuseCallScoping(spec, "the server");
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
        workers.start(fault, new ServerExhaustion(fault, seen::all));
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
