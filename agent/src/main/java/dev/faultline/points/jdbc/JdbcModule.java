package dev.faultline.points.jdbc;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;

import java.util.Arrays;
import java.util.List;

/** JDBC: {@code jdbc.connect}, {@code jdbc.execute}, {@code jdbc.commit}. */
public final class JdbcModule implements PointModule {

    @Override
    public List<InjectionPoint> points() {
        return Arrays.asList(new JdbcConnectPoint(), new JdbcExecutePoint(), new JdbcCommitPoint());
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
}
