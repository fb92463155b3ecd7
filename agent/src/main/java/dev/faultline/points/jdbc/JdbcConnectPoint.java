// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.Action;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * {@code jdbc.connect}: {@code Driver.connect} and {@code DataSource.getConnection}. The default
 * error is the database refusing the connection: what the driver throws (SQLState 08001), and what
 * a pool or DataSource passes on as a transient failure.
 */
final class JdbcConnectPoint extends JdbcPoint {

    JdbcConnectPoint() {
        super("jdbc.connect", EnumSet.of(Action.DELAY, Action.ERROR), Arrays.asList("url"));
    }

    @Override
    public boolean applies(Object target, Object url) {
        if (!(target instanceof Driver)) {
            return true;
        }
        try {
            return url != null && ((Driver) target).acceptsURL((String) url);
        } catch (SQLException notForThisDriver) {
            return false;
        }
    }

    @Override
    public String matchValue(String key, Object target, Object detail) {
        return target instanceof Driver ? (String) detail : super.matchValue(key, target, detail);
    }

    @Override
    SqlErrors.Failure defaultFailure() {
        return SqlErrors.Failure.REFUSED;
    }

    /**
     * A pool (HikariCP, DBCP2 ...) passes the refusal on as a transient failure of its own; a
     * driver's own DataSource throws what its driver does.
     */
    @Override
    String poolClass(Object target) {
        return target instanceof Driver || SqlDialect.isDriverClass(target.getClass())
                ? null
                : "java.sql.SQLTransientConnectionException";
    }

    @Override
    String urlOf(Object target, String detail) {
        return matchValue("url", target, detail);
    }
}
