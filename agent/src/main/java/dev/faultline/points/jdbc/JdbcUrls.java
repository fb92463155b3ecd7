// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;

/** Finds the JDBC URL behind a connection, statement or DataSource, for {@code match.url}. */
final class JdbcUrls {
    private static final String[] DATA_SOURCE_GETTERS = {"getJdbcUrl", "getUrl", "getURL"};

    private JdbcUrls() {}

    static String of(Object target) {
        try {
            if (target instanceof Statement) {
                return ((Statement) target).getConnection().getMetaData().getURL();
            }
            if (target instanceof Connection) {
                return ((Connection) target).getMetaData().getURL();
            }
            return dataSourceUrl(target);
        } catch (Exception unknown) {
            return null; // a closed connection, say: the call then does not match a url pattern
        }
    }

    /**
     * HikariCP ({@code getJdbcUrl}), DBCP2 and Tomcat ({@code getUrl}), PostgreSQL and H2 ({@code
     * getURL}).
     */
    private static String dataSourceUrl(Object dataSource) throws ReflectiveOperationException {
        if (dataSource == null) {
            return null;
        }
        for (String getter : DATA_SOURCE_GETTERS) {
            try {
                Method method = dataSource.getClass().getMethod(getter);
                if (method.getReturnType() == String.class) {
                    return (String) method.invoke(dataSource);
                }
            } catch (NoSuchMethodException next) {
                // try the next naming convention
            }
        }
        return null;
    }
}
