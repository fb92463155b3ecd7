// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.CallAdvice;
import dev.faultline.points.PointInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jdbc.connect}: {@link Driver} for {@code Driver.connect}, {@link DataSource} for {@code
 * getConnection}.
 */
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
            return named("connect")
                    .and(isPublic())
                    .and(not(isAbstract()))
                    .and(takesArguments(2))
                    .and(takesArgument(0, String.class));
        }

        @Override
        public Class<?> advice() {
            return CallAdvice.WithText.class;
        }
    }

    /**
     * {@code DataSource.getConnection()} and {@code getConnection(user, password)}; while a {@code
     * jdbc.pool} or {@code jdbc.server} fault is active, also notes the pools the application
     * borrows from.
     */
    static final class DataSource implements PointInstrumentation {
        @Override
        public String point() {
            return "jdbc.connect";
        }

        /**
         * Every DataSource, and Tomcat JDBC's {@code DataSourceProxy}: its DataSource inherits
         * {@code getConnection} from that class, which does not implement {@code
         * javax.sql.DataSource} itself.
         */
        @Override
        public ElementMatcher<TypeDescription> types() {
            return not(isInterface())
                    .and(
                            hasSuperType(named("javax.sql.DataSource"))
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

        @Override
        public List<String> observes() {
            return Arrays.asList("jdbc.pool", "jdbc.server");
        }
    }

    static final class DataSourceConnectAdvice {
        private DataSourceConnectAdvice() {}

        @Advice.OnMethodEnter
        static boolean enter(
                @Bound.PointMask long mask,
                @Bound.PointId int point,
                @Bound.ObservedMask long observedMask,
                @Bound.ObservedId int observedPoint,
                @Advice.This Object dataSource)
                throws Throwable {
            long switches =
                    Bridge.switches; // read once: both tests below are on this one volatile read
            if ((switches & observedMask) != 0) {
                Bridge.observed(observedPoint, dataSource);
            }
            return (switches & mask) != 0 && Bridge.enter(point, dataSource, null);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Bound.PointId int point, @Advice.Enter boolean entered) {
            if (entered) {
                Bridge.exit(point);
            }
        }
    }
}
