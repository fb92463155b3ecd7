// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JDBC driver behind a call, and how that driver reports each failure: its exception class,
 * SQLState, vendor code and message. Only the error path uses this (once a fault has decided to
 * throw); the idle path never does.
 */
enum SqlDialect {
    /**
     * pgjdbc: every failure is an {@code org.postgresql.util.PSQLException}; server errors carry a
     * ServerErrorMessage.
     */
    POSTGRESQL("localhost:5432") {
        @Override
        void define() {
            refused =
                    client(
                            "08001",
                            "Connection to %s refused. Check that the hostname and port are correct"
                                    + " and that the postmaster is accepting TCP/IP connections.");
            lost = client("08006", "An I/O error occurred while sending to the backend.");
            timeout = server("57014", "ERROR", "canceling statement due to statement timeout");
            client("08003", "This connection has been closed.");
            rollback =
                    server("40001", "ERROR", "could not serialize access due to concurrent update");
            server("40P01", "ERROR", "deadlock detected");
            server("53300", "FATAL", "sorry, too many clients already");
            unique = server("23505", "ERROR", "duplicate key value violates unique constraint");
            server("55P03", "ERROR", "could not obtain lock on row");
        }

        private Failure client(String state, String message) {
            return add(new Failure(state, 0, PSQL_EXCEPTION, message, null));
        }

        private Failure server(String state, String severity, String message) {
            return add(new Failure(state, 0, PSQL_EXCEPTION, message, severity));
        }

        @Override
        Failure unknown(String state) {
            return new Failure(state, 0, PSQL_EXCEPTION, neutralMessage(state), "ERROR");
        }

        /**
         * A client-side failure as pgjdbc raises it, {@code new PSQLException(message,
         * PSQLState.X)}; a server error through a ServerErrorMessage, so that {@code
         * getServerErrorMessage()} answers as for a real one. A message given by the fault is kept
         * exactly: no severity is put before it.
         */
        @Override
        Throwable build(
                Failure failure,
                String message,
                boolean messageGiven,
                Object target,
                ClassLoader loader)
                throws ReflectiveOperationException {
            Class<?> exception = Class.forName(PSQL_EXCEPTION, false, loader);
            if (failure.severity == null) {
                Object state = psqlState(failure.state, loader);
                if (state != null) {
                    return (Throwable)
                            exception
                                    .getConstructor(String.class, state.getClass())
                                    .newInstance(message, state);
                }
            }
            Class<?> serverMessage =
                    Class.forName("org.postgresql.util.ServerErrorMessage", false, loader);
            String severity =
                    messageGiven || failure.severity == null
                            ? ""
                            : "S" + failure.severity + "\0V" + failure.severity + "\0";
            // the server's own message is without the severity, which PSQLException puts before it
            Object fields =
                    serverMessage
                            .getConstructor(String.class)
                            .newInstance(
                                    severity
                                            + "C"
                                            + failure.state
                                            + "\0M"
                                            + (messageGiven ? message : failure.message)
                                            + "\0");
            return (Throwable) exception.getConstructor(serverMessage).newInstance(fields);
        }

        @Override
        String defaultMessage(Failure failure) {
            return failure.severity == null
                    ? failure.message
                    : failure.severity + ": " + failure.message;
        }

        private Object psqlState(String state, ClassLoader loader)
                throws ReflectiveOperationException {
            Class<?> type = Class.forName("org.postgresql.util.PSQLState", false, loader);
            Method getState = type.getMethod("getState");
            for (Object constant : type.getEnumConstants()) {
                if (state.equals(getState.invoke(constant))) {
                    return constant;
                }
            }
            return null;
        }
    },

    /**
     * MySQL Connector/J: built by the driver's own {@code SQLError} factory, which picks the class
     * from SQLState and vendor code.
     */
    MYSQL(null) {
        @Override
        void define() {
            refused =
                    add(
                            new Failure(
                                    "08S01",
                                    0,
                                    MYSQL_EXCEPTIONS + "CommunicationsException",
                                    "Communications link failure\n\n"
                                            + "The last packet sent successfully to the server was 0 milliseconds ago."
                                            + " The driver has not received any packets from the server.",
                                    null));
            lost =
                    new Failure(
                            "08S01",
                            0,
                            MYSQL_EXCEPTIONS + "CommunicationsException",
                            "Communications link failure\n\n"
                                    + "The last packet successfully received from the server was 0 milliseconds ago."
                                    + " The last packet sent successfully to the server was 0 milliseconds ago.",
                            null);
            // Connector/J's cancel after Statement.setQueryTimeout: no SQLState, as the driver has
            // it
            timeout =
                    new Failure(
                            null,
                            0,
                            MYSQL_EXCEPTIONS + "MySQLTimeoutException",
                            "Statement cancelled due to timeout or client request",
                            null);
            rollback =
                    add(
                            new Failure(
                                    "40001",
                                    1213,
                                    MYSQL_EXCEPTIONS + "MySQLTransactionRollbackException",
                                    "Deadlock found when trying to get lock; try restarting transaction",
                                    null));
            add(
                    new Failure(
                            "08004",
                            1040,
                            "java.sql.SQLNonTransientConnectionException",
                            "Too many connections",
                            null));
            unique =
                    add(
                            new Failure(
                                    "23000",
                                    1062,
                                    "java.sql.SQLIntegrityConstraintViolationException",
                                    "Duplicate entry '1' for key 'PRIMARY'",
                                    null));
            add(
                    new Failure(
                            "70100",
                            1317,
                            MYSQL_EXCEPTIONS + "MySQLQueryInterruptedException",
                            "Query execution was interrupted",
                            null));
            add(
                    new Failure(
                            "HY000",
                            3024,
                            "java.sql.SQLException",
                            "Query execution was interrupted, maximum statement execution time exceeded",
                            null));
        }

        @Override
        Throwable build(
                Failure failure,
                String message,
                boolean messageGiven,
                Object target,
                ClassLoader loader)
                throws ReflectiveOperationException {
            Class<?> factory = Class.forName(MYSQL_EXCEPTIONS + "SQLError", false, loader);
            Class<?> interceptor =
                    Class.forName("com.mysql.cj.exceptions.ExceptionInterceptor", false, loader);
            if (failure.className.endsWith(".CommunicationsException")) {
                return (Throwable)
                        factory.getMethod(
                                        "createCommunicationsException",
                                        String.class,
                                        Throwable.class,
                                        interceptor)
                                .invoke(null, message, null, null);
            }
            if (failure.state == null) {
                return (Throwable)
                        Class.forName(failure.className, false, loader)
                                .getConstructor(String.class)
                                .newInstance(message);
            }
            return (Throwable)
                    factory.getMethod(
                                    "createSQLException",
                                    String.class,
                                    String.class,
                                    int.class,
                                    interceptor)
                            .invoke(null, message, failure.state, failure.vendorCode, null);
        }
    },

    /**
     * MariaDB Connector/J: plain java.sql classes, chosen from the SQLState as its ExceptionFactory
     * does, and messages that start with the connection's id on the server, {@code (conn=N)}.
     */
    MARIADB("localhost:3306") {
        @Override
        void define() {
            refused =
                    new Failure(
                            "08000",
                            0,
                            "java.sql.SQLNonTransientConnectionException",
                            "Socket fail to connect to %s. Connection refused",
                            null);
            lost =
                    add(
                            new Failure(
                                    "08000",
                                    0,
                                    "java.sql.SQLNonTransientConnectionException",
                                    "Socket error",
                                    null));
            timeout =
                    add(
                            new Failure(
                                    "70100",
                                    1969,
                                    "java.sql.SQLTimeoutException",
                                    "Query execution was interrupted (max_statement_time exceeded)",
                                    null));
            rollback =
                    add(
                            new Failure(
                                    "40001",
                                    1213,
                                    "java.sql.SQLTransactionRollbackException",
                                    "Deadlock found when trying to get lock; try restarting transaction",
                                    null));
            add(
                    new Failure(
                            "HY000",
                            1205,
                            "java.sql.SQLException",
                            "Lock wait timeout exceeded; try restarting transaction",
                            null));
            add(
                    new Failure(
                            "08004",
                            1040,
                            "java.sql.SQLNonTransientConnectionException",
                            "Too many connections",
                            null));
            unique =
                    add(
                            new Failure(
                                    "23000",
                                    1062,
                                    "java.sql.SQLIntegrityConstraintViolationException",
                                    "Duplicate entry '1' for key 'PRIMARY'",
                                    null));
        }

        @Override
        Failure unknown(String state) {
            return new Failure(state, 0, mariaDbClassOf(state), neutralMessage(state), null);
        }

        @Override
        Throwable build(
                Failure failure,
                String message,
                boolean messageGiven,
                Object target,
                ClassLoader loader)
                throws ReflectiveOperationException {
            long connection =
                    messageGiven || failure == refused ? -1 : mariaDbThreadId(target, loader);
            String text = connection < 0 ? message : "(conn=" + connection + ") " + message;
            return neutral(failure.className, failure.state, failure.vendorCode, text);
        }
    },

    /**
     * H2: built by H2's own {@code DbException} from its error code, so the class is the one H2
     * gives that code and the message ends in H2's {@code [code-version]}, as H2's own messages do.
     */
    H2("localhost:9092") {
        @Override
        void define() {
            refused =
                    h2(
                            "90067",
                            90067,
                            "JdbcSQLNonTransientConnectionException",
                            "Connection is broken: \"java.net.ConnectException: Connection refused: %s\"");
            lost =
                    add(
                            h2(
                                    "90067",
                                    90067,
                                    "JdbcSQLNonTransientConnectionException",
                                    "Connection is broken: \"java.net.SocketException: Connection reset\""));
            timeout =
                    add(
                            h2(
                                    "57014",
                                    57014,
                                    "JdbcSQLTimeoutException",
                                    "Statement was canceled or the session timed out"));
            rollback =
                    add(
                            h2(
                                    "40001",
                                    40001,
                                    "JdbcSQLTransactionRollbackException",
                                    "Deadlock detected. The current transaction was rolled back. Details: ")); // H2's text for an empty detail
            unique =
                    add(
                            h2(
                                    "23505",
                                    23505,
                                    "JdbcSQLIntegrityConstraintViolationException",
                                    "Unique index or primary key violation: \"PRIMARY KEY ON PUBLIC.ORDERS(ID)\""));
            add(
                    h2(
                            "90098",
                            90098,
                            "JdbcSQLNonTransientConnectionException",
                            "The database has been closed"));
            add(
                    h2(
                            "HYT00",
                            50200,
                            "JdbcSQLTimeoutException",
                            "Timeout trying to lock table \"PUBLIC.ORDERS\""));
        }

        private Failure h2(String state, int code, String simpleName, String message) {
            return new Failure(state, code, H2_EXCEPTIONS + simpleName, message, null);
        }

        @Override
        Throwable build(
                Failure failure,
                String message,
                boolean messageGiven,
                Object target,
                ClassLoader loader)
                throws ReflectiveOperationException {
            if (!failure.className.startsWith(H2_EXCEPTIONS)) {
                // an SQLState H2 itself never reports: no H2 class fits it
                return neutral(failure.className, failure.state, failure.vendorCode, message);
            }
            if (messageGiven) {
                // H2's classes append "[code-version]" to any message; a given message is kept
                // exact
                // in the java.sql class H2's class extends, which every catch of it but H2's own
                // still takes
                Class<?> h2 = Class.forName(failure.className, false, loader);
                return neutral(
                        h2.getSuperclass().getName(), failure.state, failure.vendorCode, message);
            }
            return (Throwable)
                    Class.forName("org.h2.message.DbException", false, loader)
                            .getMethod(
                                    "getJdbcSQLException",
                                    String.class,
                                    String.class,
                                    String.class,
                                    int.class,
                                    Throwable.class,
                                    String.class)
                            .invoke(
                                    null,
                                    message,
                                    null,
                                    failure.state,
                                    failure.vendorCode,
                                    null,
                                    null);
        }
    },

    /**
     * Any other driver: the java.sql class the JDBC spec gives the SQLState's class, with neutral
     * wording.
     */
    NEUTRAL("the database server") {
        @Override
        void define() {
            refused =
                    add(
                            new Failure(
                                    "08001",
                                    0,
                                    "java.sql.SQLNonTransientConnectionException",
                                    "Connection to %s refused",
                                    null));
            lost =
                    add(
                            new Failure(
                                    "08006",
                                    0,
                                    "java.sql.SQLNonTransientConnectionException",
                                    "The connection to the database server was lost",
                                    null));
            timeout =
                    add(
                            new Failure(
                                    "57014",
                                    0,
                                    "java.sql.SQLTimeoutException",
                                    "Statement canceled: query timeout",
                                    null));
            add(
                    new Failure(
                            "08003",
                            0,
                            "java.sql.SQLNonTransientConnectionException",
                            "The connection is closed",
                            null));
            rollback =
                    add(
                            new Failure(
                                    "40001",
                                    0,
                                    "java.sql.SQLTransactionRollbackException",
                                    "Transaction rolled back: serialization failure",
                                    null));
            add(
                    new Failure(
                            "40P01",
                            0,
                            "java.sql.SQLTransactionRollbackException",
                            "Transaction rolled back: deadlock detected",
                            null));
            add(
                    new Failure(
                            "53300",
                            0,
                            "java.sql.SQLTransientException",
                            "Too many connections",
                            null));
            unique =
                    add(
                            new Failure(
                                    "23505",
                                    0,
                                    "java.sql.SQLIntegrityConstraintViolationException",
                                    "Unique constraint violated",
                                    null));
            add(
                    new Failure(
                            "55P03",
                            0,
                            "java.sql.SQLTransientException",
                            "Could not obtain lock",
                            null));
        }

        @Override
        Throwable build(
                Failure failure,
                String message,
                boolean messageGiven,
                Object target,
                ClassLoader loader) {
            return neutral(failure.className, failure.state, failure.vendorCode, message);
        }
    };

    static final String PSQL_EXCEPTION = "org.postgresql.util.PSQLException";
    static final String MYSQL_EXCEPTIONS = "com.mysql.cj.jdbc.exceptions.";
    static final String H2_EXCEPTIONS = "org.h2.jdbc.";

    /**
     * The dialect of the driver classes themselves, cached per class: a proxy class (a pool's)
     * answers NEUTRAL here.
     */
    private static final ClassValue<SqlDialect> OF_CLASS =
            new ClassValue<SqlDialect>() {
                @Override
                protected SqlDialect computeValue(Class<?> type) {
                    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                        SqlDialect dialect =
                                ofName(
                                        c.getName(),
                                        "org.postgresql.",
                                        "com.mysql.",
                                        "org.mariadb.",
                                        "org.h2.");
                        if (dialect != NEUTRAL) {
                            return dialect;
                        }
                    }
                    return NEUTRAL;
                }
            };

    /** Whether the class is one of a known driver's own (not a pool's wrapper around it). */
    static boolean isDriverClass(Class<?> type) {
        return OF_CLASS.get(type) != NEUTRAL;
    }

    /** What the driver says at the connection's failures; the other failures by their SQLState. */
    Failure refused;

    Failure lost;
    Failure timeout;

    /**
     * The failures that stand for {@code error: SQLTransactionRollbackException} and {@code
     * SQLIntegrityConstraintViolationException}.
     */
    Failure rollback;

    Failure unique;
    private final Map<String, Failure> byState = new HashMap<>();
    private final String defaultHost;

    SqlDialect(String defaultHost) {
        this.defaultHost = defaultHost;
        define();
    }

    abstract void define();

    /** Builds the driver's exception; a {@code message} given by the fault is taken as it is. */
    abstract Throwable build(
            Failure failure,
            String message,
            boolean messageGiven,
            Object target,
            ClassLoader loader)
            throws ReflectiveOperationException;

    Failure add(Failure failure) {
        byState.putIfAbsent(failure.state, failure);
        return failure;
    }

    /**
     * The driver's failure with this SQLState: the point's own when it has that state, else the
     * table's, else a generic one.
     */
    Failure failure(String state, Failure pointDefault) {
        if (pointDefault != null && state.equals(pointDefault.state)) {
            return pointDefault;
        }
        Failure known = byState.get(state);
        return known != null ? known : unknown(state);
    }

    /** A state the driver's table lacks: the driver's class for it, with the neutral wording. */
    Failure unknown(String state) {
        return new Failure(state, 0, SqlErrors.classOfState(state), neutralMessage(state), null);
    }

    static String neutralMessage(String state) {
        Failure known = NEUTRAL.byState.get(state);
        return known != null ? known.message : "statement failed (SQLState " + state + ")";
    }

    /** The message the driver gives this failure, before any server name is put in. */
    String defaultMessage(Failure failure) {
        return failure.message;
    }

    String host(String fromUrl) {
        return fromUrl != null ? fromUrl : defaultHost;
    }

    /**
     * The driver behind a connection, statement, driver or DataSource: from the class when it is
     * the driver's own, else from what the connection says its driver is (pool proxies), else from
     * the URL.
     */
    static SqlDialect of(Object target, String url) {
        if (target == null) {
            return ofUrl(url);
        }
        SqlDialect dialect = OF_CLASS.get(target.getClass());
        if (dialect != NEUTRAL) {
            return dialect;
        }
        try {
            Connection connection =
                    target instanceof Statement
                            ? ((Statement) target).getConnection()
                            : target instanceof Connection ? (Connection) target : null;
            if (connection != null) {
                String driver = connection.getMetaData().getDriverName();
                dialect =
                        driver == null
                                ? NEUTRAL
                                : ofName(
                                        driver.toLowerCase(Locale.ROOT),
                                        "postgresql",
                                        "mysql",
                                        "mariadb",
                                        "h2 ");
                if (dialect != NEUTRAL) {
                    return dialect;
                }
            }
        } catch (SQLException | RuntimeException closedOrUnsupported) {
            // then the URL tells, if anything does
        }
        return ofUrl(url != null ? url : JdbcUrls.of(target));
    }

    static SqlDialect ofUrl(String url) {
        return url == null
                ? NEUTRAL
                : ofName(url, "jdbc:postgresql:", "jdbc:mysql:", "jdbc:mariadb:", "jdbc:h2:");
    }

    /** MariaDB is looked for before MySQL: MariaDB's driver names itself after both. */
    private static SqlDialect ofName(
            String name, String postgresql, String mysql, String mariadb, String h2) {
        if (name.startsWith(postgresql) || name.contains(" " + postgresql)) {
            return POSTGRESQL;
        }
        if (name.startsWith(mariadb) || name.contains(" " + mariadb)) {
            return MARIADB;
        }
        if (name.startsWith(mysql) || name.contains(" " + mysql)) {
            return MYSQL;
        }
        return name.startsWith(h2) ? H2 : NEUTRAL;
    }

    /**
     * A java.sql exception (or one with the same constructors) with its SQLState and vendor code.
     */
    static Throwable neutral(String className, String state, int vendorCode, String message) {
        switch (className) {
            case "java.sql.SQLTimeoutException":
                return new java.sql.SQLTimeoutException(message, state, vendorCode);
            case "java.sql.SQLTransactionRollbackException":
                return new java.sql.SQLTransactionRollbackException(message, state, vendorCode);
            case "java.sql.SQLNonTransientConnectionException":
                return new java.sql.SQLNonTransientConnectionException(message, state, vendorCode);
            case "java.sql.SQLTransientConnectionException":
                return new java.sql.SQLTransientConnectionException(message, state, vendorCode);
            case "java.sql.SQLRecoverableException":
                return new java.sql.SQLRecoverableException(message, state, vendorCode);
            case "java.sql.SQLIntegrityConstraintViolationException":
                return new java.sql.SQLIntegrityConstraintViolationException(
                        message, state, vendorCode);
            case "java.sql.SQLFeatureNotSupportedException":
                return new java.sql.SQLFeatureNotSupportedException(message, state, vendorCode);
            case "java.sql.SQLDataException":
                return new java.sql.SQLDataException(message, state, vendorCode);
            case "java.sql.SQLInvalidAuthorizationSpecException":
                return new java.sql.SQLInvalidAuthorizationSpecException(
                        message, state, vendorCode);
            case "java.sql.SQLSyntaxErrorException":
                return new java.sql.SQLSyntaxErrorException(message, state, vendorCode);
            case "java.sql.SQLTransientException":
                return new java.sql.SQLTransientException(message, state, vendorCode);
            case "java.sql.SQLNonTransientException":
                return new java.sql.SQLNonTransientException(message, state, vendorCode);
            default:
                return new SQLException(message, state, vendorCode);
        }
    }

    /** The class MariaDB Connector/J's ExceptionFactory gives an SQLState. */
    static String mariaDbClassOf(String state) {
        if ("70100".equals(state)) {
            return "java.sql.SQLTimeoutException";
        }
        switch (state.substring(0, 2)) {
            case "0A":
                return "java.sql.SQLFeatureNotSupportedException";
            case "22":
            case "26":
            case "2F":
            case "20":
            case "42":
            case "XA":
                return "java.sql.SQLSyntaxErrorException";
            case "25":
            case "28":
                return "java.sql.SQLInvalidAuthorizationSpecException";
            case "21":
            case "23":
                return "java.sql.SQLIntegrityConstraintViolationException";
            case "08":
                return "java.sql.SQLNonTransientConnectionException";
            case "40":
                return "java.sql.SQLTransactionRollbackException";
            case "HY":
                return "java.sql.SQLException";
            default:
                return "java.sql.SQLTransientConnectionException";
        }
    }

    /**
     * The id MariaDB gave the connection, for the {@code (conn=N)} of its messages; -1 when it
     * cannot be had.
     */
    static long mariaDbThreadId(Object target, ClassLoader loader) {
        try {
            Connection connection =
                    target instanceof Statement
                            ? ((Statement) target).getConnection()
                            : target instanceof Connection ? (Connection) target : null;
            if (connection == null) {
                return -1;
            }
            Class<?> type = Class.forName("org.mariadb.jdbc.Connection", false, loader);
            Object own = type.isInstance(connection) ? connection : connection.unwrap(type);
            return (Long) type.getMethod("getThreadId").invoke(own);
        } catch (Exception | LinkageError unknown) {
            return -1;
        }
    }

    /** One failure as a driver reports it. */
    static final class Failure {
        final String state;
        final int vendorCode;
        final String className;

        /**
         * The message; for H2 the detail H2 puts into its own text; {@code %s} stands for the
         * server.
         */
        final String message;

        /**
         * PostgreSQL: the server's severity ({@code ERROR}, {@code FATAL}) of a server error,
         * {@code null} for the driver's own.
         */
        final String severity;

        Failure(String state, int vendorCode, String className, String message, String severity) {
            this.state = state;
            this.vendorCode = vendorCode;
            this.className = className;
            this.message = message;
            this.severity = severity;
        }
    }
}
