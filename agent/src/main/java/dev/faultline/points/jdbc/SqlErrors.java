package dev.faultline.points.jdbc;

import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;

import java.lang.reflect.Constructor;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the SQLExceptions an {@code error} fault throws: the class, SQLState and message a real
 * driver uses for the failure (PostgreSQL's wording), unless the spec overrides them.
 */
final class SqlErrors {
    static final String CONNECTION_REFUSED = "08001";
    static final String CONNECTION_FAILURE = "08006";
    static final String QUERY_CANCELED = "57014";

    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    private static final Pattern HOST = Pattern.compile("//([^/?;]+)");
    private static final Map<String, String> MESSAGES = new HashMap<>();
    private static final Map<String, String> STATE_OF_CLASS = new HashMap<>();

    static {
        MESSAGES.put(CONNECTION_REFUSED, "Connection to %s refused. Check that the hostname and port are correct"
                + " and that the postmaster is accepting TCP/IP connections.");
        MESSAGES.put(CONNECTION_FAILURE, "An I/O error occurred while sending to the backend.");
        MESSAGES.put("08003", "This connection has been closed.");
        MESSAGES.put("40001", "ERROR: could not serialize access due to concurrent update");
        MESSAGES.put("40P01", "ERROR: deadlock detected");
        MESSAGES.put(QUERY_CANCELED, "ERROR: canceling statement due to statement timeout");
        MESSAGES.put("53300", "FATAL: sorry, too many clients already");
        MESSAGES.put("23505", "ERROR: duplicate key value violates unique constraint");
        MESSAGES.put("55P03", "ERROR: could not obtain lock on row");

        STATE_OF_CLASS.put("java.sql.SQLTimeoutException", QUERY_CANCELED);
        STATE_OF_CLASS.put("java.sql.SQLTransactionRollbackException", "40001");
        STATE_OF_CLASS.put("java.sql.SQLNonTransientConnectionException", CONNECTION_FAILURE);
        STATE_OF_CLASS.put("java.sql.SQLTransientConnectionException", CONNECTION_FAILURE);
        STATE_OF_CLASS.put("java.sql.SQLRecoverableException", CONNECTION_FAILURE);
        STATE_OF_CLASS.put("java.sql.SQLIntegrityConstraintViolationException", "23505");
    }

    private SqlErrors() {}

    /** The exception class the JDBC spec gives an SQLState's class. */
    static String classOfState(String state) {
        if (state.equals(QUERY_CANCELED)) {
            return "java.sql.SQLTimeoutException";
        }
        switch (state.substring(0, 2)) {
            case "08": return "java.sql.SQLNonTransientConnectionException";
            case "0A": return "java.sql.SQLFeatureNotSupportedException";
            case "22": return "java.sql.SQLDataException";
            case "23": return "java.sql.SQLIntegrityConstraintViolationException";
            case "28": return "java.sql.SQLInvalidAuthorizationSpecException";
            case "40": return "java.sql.SQLTransactionRollbackException";
            case "42": return "java.sql.SQLSyntaxErrorException";
            case "53": case "55": return "java.sql.SQLTransientException";
            default: return "java.sql.SQLException";
        }
    }

    /** A simple name such as {@code SQLTimeoutException} stands for the java.sql class. */
    static String className(String given) {
        return given.indexOf('.') < 0 ? "java.sql." + given : given;
    }

    /** Checks the {@code error} class of a spec as far as it can be known before the application loads it. */
    static void validate(FaultSpec spec) {
        if (spec.error() == null) {
            return;
        }
        String name = className(spec.error());
        if (!CLASS_NAME.matcher(name).matches()) {
            throw SpecException.field("error", "'" + spec.error() + "' is not a class name; expected e.g. SQLTimeoutException or org.postgresql.util.PSQLException");
        }
        Class<?> type;
        try {
            type = Class.forName(name, false, SqlErrors.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            if (spec.error().indexOf('.') < 0) {
                throw SpecException.field("error", "no exception class java.sql." + spec.error()
                        + "; expected a java.sql exception such as SQLTimeoutException or a fully qualified class name");
            }
            return; // may be an application class, resolved from the application's class loader on injection
        }
        boolean throwable = Throwable.class.isAssignableFrom(type);
        boolean allowed = SQLException.class.isAssignableFrom(type)
                || RuntimeException.class.isAssignableFrom(type) || Error.class.isAssignableFrom(type);
        if (!throwable || !allowed) {
            throw SpecException.field("error", name + (throwable ? " is a checked exception that JDBC methods do not throw" : " is not a Throwable subclass")
                    + "; expected a java.sql.SQLException subclass or an unchecked exception");
        }
    }

    /**
     * The exception for an {@code error} fault.
     *
     * @param defaultState the SQLState of the point's default failure
     * @param url          the JDBC URL of the call, for messages that name the server; may be {@code null}
     */
    static Throwable create(FaultSpec spec, Object target, String defaultClass, String defaultState, String url) throws ReflectiveOperationException {
        String name;
        String state = spec.sqlState();
        if (spec.error() != null) {
            name = className(spec.error());
            if (state == null) {
                state = STATE_OF_CLASS.get(name);
            }
        } else if (state != null) {
            name = classOfState(state);
        } else {
            name = defaultClass;
            state = defaultState;
        }
        String message = spec.message() != null ? spec.message() : message(state, url);
        Class<?> type = load(name, target);
        if (!Throwable.class.isAssignableFrom(type)) {
            // an application class the agent could not see when the fault was enabled
            throw new IllegalStateException("field 'error' of fault " + spec.id() + ": " + name + " is not a Throwable subclass");
        }
        if (SQLException.class.isAssignableFrom(type)) {
            try {
                Constructor<?> withState = type.getConstructor(String.class, String.class);
                return (Throwable) withState.newInstance(message, state);
            } catch (NoSuchMethodException fallThrough) {
                // vendor exceptions often have other constructors; the message alone will do
            }
        }
        return (Throwable) type.getConstructor(String.class).newInstance(message);
    }

    /** The default message of an SQLState that names no server. */
    static String messageOf(String state) {
        return message(state, null);
    }

    private static String message(String state, String url) {
        String template = state == null ? null : MESSAGES.get(state);
        if (template == null) {
            return state == null ? "ERROR: statement failed" : "ERROR: statement failed (SQLState " + state + ")";
        }
        return template.contains("%s") ? String.format(template, host(url)) : template;
    }

    private static String host(String url) {
        Matcher m = url == null ? null : HOST.matcher(url);
        return m != null && m.find() ? m.group(1) : "the database server";
    }

    private static Class<?> load(String name, Object target) throws ClassNotFoundException {
        ClassLoader loader = target == null ? null : target.getClass().getClassLoader();
        try {
            return Class.forName(name, false, loader != null ? loader : ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException notInApplicationLoader) {
            return Class.forName(name, false, SqlErrors.class.getClassLoader());
        }
    }
}
