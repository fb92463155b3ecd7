// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.faultline.bridge.Bridge;
import dev.faultline.points.Bound;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Remembers the SQL of each statement that {@code Connection.prepareStatement}/{@code prepareCall}
 * creates while {@code jdbc.execute} is on, so that {@code match.sql} applies to its execute calls.
 */
final class JdbcPrepareInstrumentation implements PointInstrumentation {

    @Override
    public String point() {
        return "jdbc.execute";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Connection")));
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return namedOneOf("prepareStatement", "prepareCall")
                .and(isPublic())
                .and(not(isAbstract()))
                .and(takesArgument(0, String.class));
    }

    @Override
    public Class<?> advice() {
        return PrepareAdvice.class;
    }

    static final class PrepareAdvice {
        private PrepareAdvice() {}

        @Advice.OnMethodExit
        static void exit(
                @Bound.PointMask long mask,
                @Advice.Argument(0) String sql,
                @Advice.Return Object statement) {
            if ((Bridge.switches & mask) != 0) {
                Bridge.remember(statement, sql);
            }
        }
    }
}
