// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.tomcat.jdbc.pool.PoolProperties;

/**
 * The DBCP2 and Tomcat JDBC pools of {@link JdbcWorkload}, in a class of their own so that the
 * workload runs where those libraries are absent (the CLI's tests).
 */
final class OtherPools {
    private OtherPools() {}

    /**
     * A pool of 4 connections that waits 2 s for one: {@code dbcp2} or {@code tomcat} (named
     * pool-NAME).
     */
    @SuppressWarnings("deprecation") // setMaxWaitMillis: the one DBCP2 2.0 (the oldest tested) has
    static DataSource create(String kind, String name, String url, String user, String password) {
        if (kind.equals("dbcp2")) {
            BasicDataSource pool = new BasicDataSource();
            pool.setUrl(url);
            pool.setUsername(user);
            pool.setPassword(password);
            pool.setMaxTotal(4);
            pool.setMaxWaitMillis(2000);
            return pool;
        }
        PoolProperties properties = new PoolProperties();
        properties.setUrl(url);
        properties.setUsername(user);
        properties.setPassword(password);
        properties.setMaxActive(4);
        properties.setMaxIdle(4);
        properties.setInitialSize(0);
        properties.setMaxWait(2000);
        properties.setName("pool-" + name);
        return new org.apache.tomcat.jdbc.pool.DataSource(properties);
    }
}
