// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Arrays;
import java.util.List;

/**
 * JDBC: {@code jdbc.connect}, {@code jdbc.execute}, {@code jdbc.commit}, {@code jdbc.pool}, {@code
 * jdbc.server}.
 */
public final class JdbcModule implements PointModule {

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
                new JdbcConnectInstrumentation.Driver(),
                new JdbcConnectInstrumentation.DataSource(),
                new JdbcExecuteInstrumentation(),
                new JdbcPrepareInstrumentation(),
                new JdbcCommitInstrumentation());
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
