// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecField;
import dev.faultline.core.SpecForms;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/** What the JDBC points share: URL matching and SQLException construction. */
abstract class JdbcPoint extends AbstractInjectionPoint {

    /** The SQLState of an {@code error} fault's SQLException. */
    static final SpecField<String> SQL_STATE =
            SpecField.of(
                            "sqlState",
                            SpecForms.pattern(
                                    "[0-9A-Z]{5}",
                                    "an SQLState",
                                    "five digits or capital letters such as 40001 or 40P01"))
                    .actions(Action.ERROR)
                    .elsewhere("applies to JDBC points only")
                    .onCommandLine()
                    .describedAs(
                            "SQLState of the SQLException, which picks the driver's error for it");

    JdbcPoint(String name, EnumSet<Action> actions, List<String> matchKeys) {
        super(name, actions, matchKeys);
    }

    @Override
    public List<SpecField<?>> fields() {
        return Collections.singletonList(SQL_STATE);
    }

    @Override
    public String matchValue(String key, Object target, Object detail) {
        return "url".equals(key) ? JdbcUrls.of(target) : null;
    }

    @Override
    public void validate(FaultSpec spec) {
        SqlErrors.validate(spec);
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        try {
            return SqlErrors.create(
                    spec, target, defaultFailure(), poolClass(target), urlOf(target, detail));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot create " + spec.error() + " for fault " + spec.id(), e);
        }
    }

    /** Which of the driver's failures this point throws by default. */
    abstract SqlErrors.Failure defaultFailure();

    /**
     * The class a pool throws in the driver's place for this call, or {@code null} when the driver
     * is called.
     */
    String poolClass(Object target) {
        return null;
    }

    /**
     * The URL of the call when the call itself carries it (a driver's connect), to tell the driver
     * and name the server; {@code null} lets the error look it up only if the target's class does
     * not tell.
     */
    String urlOf(Object target, String detail) {
        return null;
    }
}
