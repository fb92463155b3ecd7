// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code jdbc.execute}: the execute methods of Statement, PreparedStatement and CallableStatement.
 * The default error is a broken connection to the server (SQLState 08006); {@code hang} blocks
 * until the statement's query timeout and then fails as the driver's cancel does (57014).
 */
final class JdbcExecutePoint extends JdbcPoint {

    JdbcExecutePoint() {
        super(
                "jdbc.execute",
                EnumSet.of(Action.DELAY, Action.ERROR, Action.HANG),
                Arrays.asList("sql", "url"));
    }

    /**
     * The SQL of the call: the statement's argument, the SQL its PreparedStatement was created
     * with, or else the statement's text form, which PostgreSQL, H2 and pool proxies make of their
     * SQL.
     */
    @Override
    public String matchValue(String key, Object target, Object sql) {
        if (!"sql".equals(key)) {
            return super.matchValue(key, target, sql);
        }
        return sql != null ? (String) sql : String.valueOf(target);
    }

    @Override
    public Throwable hang(ActiveFault fault, Object target, String detail)
            throws InterruptedException {
        int timeoutSeconds = queryTimeout(target);
        if (timeoutSeconds <= 0) {
            fault.awaitEnd();
            return null;
        }
        if (fault.awaitEnd(timeoutSeconds, TimeUnit.SECONDS)) {
            return null;
        }
        return SqlErrors.timeout(target);
    }

    @Override
    SqlErrors.Failure defaultFailure() {
        return SqlErrors.Failure.LOST;
    }

    private static int queryTimeout(Object target) {
        try {
            return target instanceof Statement ? ((Statement) target).getQueryTimeout() : 0;
        } catch (SQLException closed) {
            return 0;
        }
    }
}
