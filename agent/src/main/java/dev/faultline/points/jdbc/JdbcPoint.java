package dev.faultline.points.jdbc;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.FaultSpec;

import java.util.EnumSet;
import java.util.List;

/** What the JDBC points share: URL matching and SQLException construction. */
abstract class JdbcPoint extends AbstractInjectionPoint {

    JdbcPoint(String name, EnumSet<Action> actions, List<String> matchKeys) {
        super(name, actions, matchKeys);
    }

    @Override
    public String matchValue(String key, Object target, String detail) {
        return "url".equals(key) ? JdbcUrls.of(target) : null;
    }

    @Override
    public void validate(FaultSpec spec) {
        SqlErrors.validate(spec);
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        try {
            return SqlErrors.create(spec, target, defaultErrorClass(target), defaultSqlState(),
                    spec.message() == null ? urlForMessage(target, detail) : null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + spec.error() + " for fault " + spec.id(), e);
        }
    }

    /** The exception class of this point's default failure. */
    abstract String defaultErrorClass(Object target);

    /** The SQLState of this point's default failure. */
    abstract String defaultSqlState();

    /** The URL to name in a default message, when it names the server. */
    String urlForMessage(Object target, String detail) {
        return null;
    }
}
