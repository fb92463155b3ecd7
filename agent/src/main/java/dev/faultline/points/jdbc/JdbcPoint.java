package dev.faultline.points.jdbc;

import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.InjectionPoint;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What the JDBC points share: URL matching and SQLException construction. */
abstract class JdbcPoint implements InjectionPoint {
    private final String name;
    private final int id;
    private final Set<Action> actions;
    private final List<String> matchKeys;

    JdbcPoint(String name, int id, EnumSet<Action> actions, List<String> matchKeys) {
        this.name = name;
        this.id = id;
        this.actions = Collections.unmodifiableSet(actions);
        this.matchKeys = Collections.unmodifiableList(matchKeys);
    }

    @Override public final String name() { return name; }
    @Override public final int id() { return id; }
    @Override public final Set<Action> actions() { return actions; }
    @Override public final List<String> matchKeys() { return matchKeys; }

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

    @Override
    public Throwable hang(ActiveFault fault, Object target, String detail) throws InterruptedException {
        throw new UnsupportedOperationException(name + " has no hang action");
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
