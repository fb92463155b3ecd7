// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A short-lived JDBC program: start the JVM, open H2, run one query, exit. Timed whole by
 * startup.sh.
 */
public final class StartupProbe {
    private StartupProbe() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:probe");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
        }
    }
}
