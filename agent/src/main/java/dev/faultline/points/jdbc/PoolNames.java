// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import java.lang.reflect.Method;

/**
 * How a pool is named for {@code match.pool} and in {@code list()}: its own name, then its class.
 */
final class PoolNames {
    /** HikariCP {@code getPoolName}, Tomcat JDBC {@code getName}, DBCP2 {@code getJmxName}. */
    private static final String[] NAME_GETTERS = {"getPoolName", "getName", "getJmxName"};

    private PoolNames() {}

    static String of(Object pool) {
        for (String getter : NAME_GETTERS) {
            try {
                Method method = pool.getClass().getMethod(getter);
                Object name = method.invoke(pool);
                if (name instanceof String && !((String) name).isEmpty()) {
                    return name + " (" + pool.getClass().getSimpleName() + ")";
                }
            } catch (ReflectiveOperationException | RuntimeException next) {
                // try the next convention
            }
        }
        return pool.getClass().getSimpleName()
                + "@"
                + Integer.toHexString(System.identityHashCode(pool));
    }
}
