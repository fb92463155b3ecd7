// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.faultline.points.CallAdvice;
import dev.faultline.points.PointInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code jdbc.commit} on {@code Connection.commit()}. */
final class JdbcCommitInstrumentation implements PointInstrumentation {

    @Override
    public String point() {
        return "jdbc.commit";
    }

    @Override
    public ElementMatcher<TypeDescription> types() {
        return not(isInterface()).and(hasSuperType(named("java.sql.Connection")));
    }

    @Override
    public ElementMatcher<MethodDescription> methods() {
        return named("commit").and(isPublic()).and(not(isAbstract())).and(takesNoArguments());
    }

    @Override
    public Class<?> advice() {
        return CallAdvice.OnTarget.class;
    }
}
