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
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.faultline.points.CallAdvice;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jdbc.execute} on every execute method of every {@code java.sql.Statement} implementation.
 */
final class JdbcExecuteInstrumentation implements PointInstrumentation {

    @Override
    public String point() {
        return "jdbc.execute";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Statement")));
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return namedOneOf(
                        "execute",
                        "executeQuery",
                        "executeUpdate",
                        "executeLargeUpdate",
                        "executeBatch",
                        "executeLargeBatch")
                .and(isPublic())
                .and(not(isAbstract()))
                .and(takesNoArguments().or(takesArgument(0, String.class)));
    }

    @Override
    public Class<?> advice() {
        return CallAdvice.WithText.class;
    }
}
