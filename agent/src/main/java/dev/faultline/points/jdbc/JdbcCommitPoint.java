// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.Action;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * {@code jdbc.commit}: {@code Connection.commit}. The default error is the connection breaking
 * during the commit (SQLState 08006), which leaves the application unsure whether it committed.
 */
final class JdbcCommitPoint extends JdbcPoint {

    JdbcCommitPoint() {
        super("jdbc.commit", EnumSet.of(Action.DELAY, Action.ERROR), Arrays.asList("url"));
    }

    @Override
    SqlErrors.Failure defaultFailure() {
        return SqlErrors.Failure.LOST;
    }
}
