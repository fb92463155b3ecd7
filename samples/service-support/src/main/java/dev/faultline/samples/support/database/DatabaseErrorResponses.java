// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.database;

import dev.faultline.samples.support.Failures;
import dev.faultline.samples.support.web.ErrorBodies;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Database failures of a request. With {@code sample.database.fail-fast}, a connection the pool
 * could not lend in time becomes a 503 that says so; without it, the failure is a 500 carrying the
 * driver's or pool's message. One log line each, no stack trace: these are expected.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseErrorResponses {
    private final ErrorBodies bodies;
    private final DatabasePool pool;
    private final boolean failFast;

    public DatabaseErrorResponses(ErrorBodies bodies, DatabasePool pool, boolean failFast) {
        this.bodies = bodies;
        this.pool = pool;
        this.failFast = failFast;
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    public ResponseEntity<Map<String, Object>> databaseFailure(
            RuntimeException e, HttpServletRequest request) {
        SQLTransientConnectionException noConnection = noConnection(e);
        if (noConnection != null) {
            pool.timedOut();
        }
        if (failFast && noConnection != null) {
            // Hikari's own timeout says "Connection is not available, request timed out after ...".
            String reason =
                    String.valueOf(noConnection.getMessage()).contains("not available")
                            ? "connection pool "
                                    + pool.name()
                                    + " exhausted (waited "
                                    + pool.connectionTimeoutMillis()
                                    + " ms)"
                            : noConnection.getMessage();
            return bodies.answer(
                    request,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "database unavailable: " + reason,
                    null);
        }
        return bodies.answer(
                request,
                HttpStatus.INTERNAL_SERVER_ERROR,
                "database error: " + Failures.describe(e),
                null);
    }

    /**
     * The failure to get a connection under the wrappers (Spring's CannotGetJdbcConnectionException
     * ...), or null.
     */
    static SQLTransientConnectionException noConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException found) {
                return found;
            }
        }
        return null;
    }
}
