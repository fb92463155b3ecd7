// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.ErrorClasses;
import dev.faultline.core.FaultSpec;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the SQLExceptions an {@code error} fault throws: the class, SQLState, vendor code and
 * message the driver in use has for the failure ({@link SqlDialect}), unless the spec overrides
 * them.
 */
final class SqlErrors {
    static final String QUERY_CANCELED = "57014";

    private static final Pattern HOST = Pattern.compile("//([^/?;]+)");

    private SqlErrors() {}

    /** The exception class the JDBC spec gives an SQLState's class. */
    static String classOfState(String state) {
        if (state.equals(QUERY_CANCELED)) {
            return "java.sql.SQLTimeoutException";
        }
        switch (state.substring(0, 2)) {
            case "08":
                return "java.sql.SQLNonTransientConnectionException";
            case "0A":
                return "java.sql.SQLFeatureNotSupportedException";
            case "22":
                return "java.sql.SQLDataException";
            case "23":
                return "java.sql.SQLIntegrityConstraintViolationException";
            case "28":
                return "java.sql.SQLInvalidAuthorizationSpecException";
            case "40":
                return "java.sql.SQLTransactionRollbackException";
            case "42":
                return "java.sql.SQLSyntaxErrorException";
            case "53":
            case "55":
                return "java.sql.SQLTransientException";
            default:
                return "java.sql.SQLException";
        }
    }

    /** A simple name such as {@code SQLTimeoutException} stands for the java.sql class. */
    static String className(String given) {
        return ACCEPTED.qualified(given);
    }

    /**
     * What JDBC methods throw: SQLExceptions and unchecked exceptions; java.sql's by simple name.
     */
    static final ErrorClasses.Accepted ACCEPTED =
            ErrorClasses.Accepted.anyThrowable(
                            "a java.sql.SQLException subclass or an unchecked exception")
                    .simpleNamesIn("java.sql.")
                    .only(
                            "is a checked exception that JDBC methods do not throw",
                            SQLException.class,
                            RuntimeException.class,
                            Error.class);

    /**
     * Checks the {@code error} class of a spec as far as it can be known before the application
     * loads it.
     */
    static void validate(FaultSpec spec) {
        if (spec.error() == null) {
            return;
        }
        ErrorClasses.check(spec.error(), ACCEPTED);
    }

    /**
     * The exception for an {@code error} fault: the failure as the driver in use reports it (class,
     * SQLState, vendor code, message), with the spec's {@code error}, {@code sqlState} and {@code
     * message} taking the place of the driver's where given.
     *
     * @param pointDefault which of the driver's failures is this point's default
     * @param poolClass the class to throw instead of the driver's when the call went to a pool
     *     rather than to the driver, or {@code null}
     * @param url the JDBC URL of the call, to tell the driver and name the server; may be {@code
     *     null}
     */
    static Throwable create(
            FaultSpec spec, Object target, Failure pointDefault, String poolClass, String url)
            throws ReflectiveOperationException {
        SqlDialect dialect = SqlDialect.of(target, url);
        SqlDialect.Failure failure = pointDefault.pick(dialect);
        String state = spec.get(JdbcPoint.SQL_STATE);
        if (state != null) {
            failure = dialect.failure(state, failure);
        } else if (spec.error() != null) {
            SqlDialect.Failure ofClass = ofClass(dialect, className(spec.error()));
            if (ofClass != null) {
                failure = ofClass;
            } else if (!className(spec.error()).equals(failure.className)) {
                failure =
                        new SqlDialect.Failure(
                                null, 0, "java.sql.SQLException", "statement failed", null);
            }
        }
        String message =
                spec.message() != null ? spec.message() : message(dialect, failure, target, url);
        // The driver's own class for the failure (PSQLException on PostgreSQL ...) is built as the
        // driver builds it: such classes seldom have the (message, SQLState) constructors of
        // java.sql's.
        if (spec.error() != null && !className(spec.error()).equals(failure.className)) {
            return explicit(spec, target, className(spec.error()), failure, message);
        }
        if (poolClass != null) {
            return SqlDialect.neutral(poolClass, failure.state, failure.vendorCode, message);
        }
        return build(dialect, failure, message, spec.message() != null, target);
    }

    private static Throwable build(
            SqlDialect dialect,
            SqlDialect.Failure failure,
            String message,
            boolean messageGiven,
            Object target) {
        ClassLoader loader =
                target == null || target.getClass().getClassLoader() == null
                        ? ClassLoader.getSystemClassLoader()
                        : target.getClass().getClassLoader();
        try {
            return dialect.build(failure, message, messageGiven, target, loader);
        } catch (ReflectiveOperationException
                | LinkageError
                | RuntimeException driverClassesNotUsable) {
            // The driver's classes cannot be reached from the target's class loader, or are of a
            // version without these members: the java.sql form, same SQLState, vendor code and
            // message.
            String javaSql =
                    failure.className.startsWith("java.sql.")
                            ? failure.className
                            : failure.state == null
                                    ? "java.sql.SQLTimeoutException"
                                    : classOfState(failure.state);
            return SqlDialect.neutral(javaSql, failure.state, failure.vendorCode, message);
        }
    }

    /** The driver's failure a point takes by default. */
    enum Failure {
        REFUSED,
        LOST,
        TIMEOUT;

        SqlDialect.Failure pick(SqlDialect dialect) {
            return this == REFUSED
                    ? dialect.refused
                    : this == LOST ? dialect.lost : dialect.timeout;
        }
    }

    /**
     * The exception for a {@code hang} that reaches the statement's query timeout: the driver's
     * cancel.
     */
    static Throwable timeout(Object target) {
        SqlDialect dialect = SqlDialect.of(target, null);
        return build(
                dialect,
                dialect.timeout,
                message(dialect, dialect.timeout, target, null),
                false,
                target);
    }

    /**
     * The failure that stands for a java.sql class given as {@code error}, so that its SQLState is
     * the driver's.
     */
    private static SqlDialect.Failure ofClass(SqlDialect dialect, String name) {
        switch (name) {
            case "java.sql.SQLTimeoutException":
                return dialect.timeout;
            case "java.sql.SQLTransactionRollbackException":
                return dialect.rollback;
            case "java.sql.SQLNonTransientConnectionException":
            case "java.sql.SQLTransientConnectionException":
            case "java.sql.SQLRecoverableException":
                return dialect.lost;
            case "java.sql.SQLIntegrityConstraintViolationException":
                return dialect.unique;
            default:
                return null;
        }
    }

    /** The class the fault names, with the state, vendor code and message. */
    private static Throwable explicit(
            FaultSpec spec, Object target, String name, SqlDialect.Failure failure, String message)
            throws ReflectiveOperationException {
        Class<? extends Throwable> type =
                ErrorClasses.load(
                        name,
                        ACCEPTED,
                        target == null ? null : target.getClass().getClassLoader(),
                        spec.id());
        if (SQLException.class.isAssignableFrom(type)) {
            try {
                return (Throwable)
                        type.getConstructor(String.class, String.class, int.class)
                                .newInstance(message, failure.state, failure.vendorCode);
            } catch (NoSuchMethodException fallThrough) {
                // vendor exceptions often have other constructors
            }
            try {
                return (Throwable)
                        type.getConstructor(String.class, String.class)
                                .newInstance(message, failure.state);
            } catch (NoSuchMethodException fallThrough) {
                // the message alone will do
            }
        }
        return ErrorClasses.instantiate(type, message, spec.id());
    }

    /** The driver's message, with the server named where the driver names it. */
    private static String message(
            SqlDialect dialect, SqlDialect.Failure failure, Object target, String url) {
        String template = dialect.defaultMessage(failure);
        if (template == null || !template.contains("%s")) {
            return template;
        }
        return String.format(template, dialect.host(host(url != null ? url : JdbcUrls.of(target))));
    }

    private static String host(String url) {
        Matcher m = url == null ? null : HOST.matcher(url);
        return m != null && m.find() ? m.group(1) : null;
    }
}
