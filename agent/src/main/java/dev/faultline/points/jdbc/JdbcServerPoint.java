// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.ActiveFault;

/**
 * {@code jdbc.server}: the database server behind the application's DataSources. {@code exhaust}
 * opens connections with the application's own driver, URL and credentials until the server refuses
 * (PostgreSQL: "FATAL: sorry, too many clients already") or {@code max} are open, and holds them:
 * every client of that server, this service's pool included, then fails to connect.
 */
final class JdbcServerPoint extends ExhaustPoint {

    JdbcServerPoint(SeenDataSources seen) {
        super("jdbc.server", "url", "the server", "max", seen);
        markInstrumented(
                "javax.sql.DataSource"); // it needs nothing of its own: the DataSources come from
        // jdbc.connect's instrumentation
    }

    @Override
    public String matchValue(String key, Object dataSource, Object detail) {
        return JdbcUrls.of(dataSource);
    }

    @Override
    ExhaustionWorkers.Work work(ActiveFault fault) {
        return new ServerExhaustion(fault, seen);
    }
}
