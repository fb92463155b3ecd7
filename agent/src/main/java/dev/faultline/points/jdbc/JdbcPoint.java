// SPDX-License-Identifier: Apache-2.0
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
