// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.Libraries;
import dev.faultline.points.Library;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * JDBC: {@code jdbc.connect}, {@code jdbc.execute}, {@code jdbc.commit}, {@code jdbc.pool}, {@code
 * jdbc.server}.
 */
public final class JdbcModule implements PointModule {

    /**
     * The pools and the driver the tests run at their oldest and newest versions. The points reach
     * every driver and pool through the {@code java.sql} interfaces; these are checked because the
     * agent also reads their settings (URL, pool size and name) for matching and exhaustion.
     * Classes of other drivers and pools are instrumented unchecked.
     */
    static final List<Library> LIBRARIES =
            Collections.unmodifiableList(
                    Arrays.asList(
                            Library.named(
                                            "HikariCP",
                                            "[4.0.3, 8)",
                                            "com.zaxxer.hikari.HikariDataSource")
                                    .inPackage("com.zaxxer.hikari")
                                    .versionIn("META-INF/maven/com.zaxxer/HikariCP/pom.properties")
                                    .needs(
                                            "com.zaxxer.hikari.HikariDataSource#getConnection(0)",
                                            "com.zaxxer.hikari.HikariDataSource#getJdbcUrl(0)",
                                            "com.zaxxer.hikari.HikariDataSource#getMaximumPoolSize(0)",
                                            "com.zaxxer.hikari.HikariDataSource#getPoolName(0)")
                                    .build(),
                            Library.named(
                                            "Commons DBCP2",
                                            "[2.0, 3)",
                                            "org.apache.commons.dbcp2.BasicDataSource")
                                    .inPackage("org.apache.commons.dbcp2")
                                    .versionIn(
                                            "META-INF/maven/org.apache.commons/commons-dbcp2/pom.properties")
                                    .needs(
                                            "org.apache.commons.dbcp2.BasicDataSource#getConnection(0)",
                                            "org.apache.commons.dbcp2.BasicDataSource#getUrl(0)",
                                            "org.apache.commons.dbcp2.BasicDataSource#getMaxTotal(0)")
                                    .build(),
                            Library.named(
                                            "Tomcat JDBC",
                                            "[8.5, 12)",
                                            "org.apache.tomcat.jdbc.pool.DataSourceProxy")
                                    .inPackage("org.apache.tomcat.jdbc.pool")
                                    .needs(
                                            "org.apache.tomcat.jdbc.pool.DataSourceProxy#getConnection(0)",
                                            "org.apache.tomcat.jdbc.pool.DataSourceProxy#getUrl(0)",
                                            "org.apache.tomcat.jdbc.pool.DataSourceProxy#getMaxActive(0)")
                                    .build(),
                            // the driver's own errors need PSQLState as an enum: 42.1.2 on
                            Library.named(
                                            "PostgreSQL JDBC",
                                            "[42.1.2, 43)",
                                            "org.postgresql.Driver")
                                    .inPackage("org.postgresql")
                                    .needs(
                                            "org.postgresql.Driver#connect(2)",
                                            "org.postgresql.util.PSQLException#<init>(1)",
                                            "org.postgresql.util.PSQLException#<init>(2)",
                                            "org.postgresql.util.ServerErrorMessage#<init>(1)",
                                            "org.postgresql.util.PSQLState#values(0)",
                                            "org.postgresql.util.PSQLState#getState(0)")
                                    .build()));

    @Override
    public List<InjectionPoint> points() {
        SeenDataSources seen = new SeenDataSources();
        return Arrays.asList(
                new JdbcConnectPoint(),
                new JdbcExecutePoint(),
                new JdbcCommitPoint(),
                new JdbcPoolPoint(seen),
                new JdbcServerPoint(seen));
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Arrays.asList(
                Libraries.declare(new JdbcConnectInstrumentation.Driver(), LIBRARIES),
                Libraries.declare(new JdbcConnectInstrumentation.DataSource(), LIBRARIES),
                Libraries.declare(new JdbcExecuteInstrumentation(), LIBRARIES),
                Libraries.declare(new JdbcPrepareInstrumentation(), LIBRARIES),
                Libraries.declare(new JdbcCommitInstrumentation(), LIBRARIES));
    }

    /**
     * A class that implements one of the instrumented interfaces names it, and so does one that
     * overrides {@code getConnection}/{@code connect}/{@code prepareStatement} (they return a
     * {@code Connection} or a statement). An override that names none of them, such as an {@code
     * executeUpdate} in a subclass, is passed over; it delegates to a method that is instrumented,
     * so the fault still applies, one call deeper. {@code SQLException} alone is no marker: drivers
     * name it in hundreds of classes.
     */
    @Override
    public List<String> classFileMarkers() {
        return Arrays.asList(
                "java/sql/Statement",
                "java/sql/PreparedStatement",
                "java/sql/CallableStatement",
                "java/sql/Connection",
                "java/sql/Driver",
                "javax/sql/DataSource",
                // Matched by name (JdbcConnectInstrumentation.DataSource), not by a supertype.
                "org/apache/tomcat/jdbc/pool/DataSourceProxy");
    }
}
