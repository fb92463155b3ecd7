package dev.faultline.points.jdbc;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Points;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** {@code jdbc.connect}: {@link Driver} for {@code Driver.connect}, {@link DataSource} for {@code getConnection}. */
final class JdbcConnectInstrumentation {
    private JdbcConnectInstrumentation() {}

    /** {@code Driver.connect(String url, Properties info)}; the URL is the call's detail. */
    static final class Driver implements PointInstrumentation {
        @Override
        public String point() {
            return "jdbc.connect";
        }

        @Override
        public ElementMatcher<TypeDescription> types() {
            return not(isInterface()).and(hasSuperType(named("java.sql.Driver")));
        }

        @Override
        public ElementMatcher<MethodDescription> methods() {
            return named("connect").and(isPublic()).and(not(isAbstract()))
                    .and(takesArguments(2)).and(takesArgument(0, String.class));
        }

        @Override
        public Class<?> advice() {
            return DriverConnectAdvice.class;
        }
    }

    /**
     * {@code DataSource.getConnection()} and {@code getConnection(user, password)}; while a
     * {@code jdbc.pool} or {@code jdbc.server} fault is active, also notes the pools the application
     * borrows from.
     */
    static final class DataSource implements PointInstrumentation {
        @Override
        public String point() {
            return "jdbc.connect";
        }

        /**
         * Every DataSource, and Tomcat JDBC's {@code DataSourceProxy}: its DataSource inherits
         * {@code getConnection} from that class, which does not implement {@code javax.sql.DataSource} itself.
         */
        @Override
        public ElementMatcher<TypeDescription> types() {
            return not(isInterface()).and(hasSuperType(named("javax.sql.DataSource"))
                    .or(named("org.apache.tomcat.jdbc.pool.DataSourceProxy")));
        }

        @Override
        public ElementMatcher<MethodDescription> methods() {
            return named("getConnection").and(isPublic()).and(not(isAbstract()));
        }

        @Override
        public Class<?> advice() {
            return DataSourceConnectAdvice.class;
        }
    }

    static final class DriverConnectAdvice {
        private DriverConnectAdvice() {}

        @Advice.OnMethodEnter
        static boolean enter(@Advice.This Object driver, @Advice.Argument(0) String url) throws Throwable {
            return Bridge.jdbcConnect && Bridge.enter(Points.JDBC_CONNECT, driver, url);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(Points.JDBC_CONNECT);
            }
        }
    }

    static final class DataSourceConnectAdvice {
        private DataSourceConnectAdvice() {}

        @Advice.OnMethodEnter
        static boolean enter(@Advice.This Object dataSource) throws Throwable {
            if (Bridge.observeDataSources) {
                Bridge.observed(Points.JDBC_POOL, dataSource);
            }
            return Bridge.jdbcConnect && Bridge.enter(Points.JDBC_CONNECT, dataSource, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(Points.JDBC_CONNECT);
            }
        }
    }
}
