// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.faultline.core.AgentPolicy;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.PointCatalog;
import dev.faultline.core.SpecParser;
import dev.faultline.points.PointModules;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The errors of the jdbc points on each driver, in-process, held against what the drivers
 * themselves make of the same failure: their own exception factories (MySQL Connector/J's SQLError,
 * MariaDB Connector/J's ExceptionFactory, H2's DbException) and their real refusals of a closed
 * port. The drivers are the real ones; the targets are the drivers' own {@code Driver} objects,
 * which need no server. (The child-JVM tests in JdbcFaultsContract show the same against real
 * servers, statements and pools.)
 */
class DriverErrorsTest {
    private static final SpecParser PARSER = parser();

    private static SpecParser parser() {
        List<InjectionPoint> points = new ArrayList<>();
        PointModules.all(null).forEach(module -> points.addAll(module.points()));
        return new SpecParser(new PointCatalog(points), AgentPolicy.defaults());
    }

    private static SQLException inject(String json, Object target, String url) {
        FaultSpec spec = PARSER.parseJson(json).get(0);
        return (SQLException) spec.point().error(spec, target, url);
    }

    private static String shape(SQLException e) {
        return e.getClass().getName()
                + " | "
                + e.getSQLState()
                + " | "
                + e.getErrorCode()
                + " | "
                + e.getMessage();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "org.postgresql.Driver | jdbc:postgresql://127.0.0.1:1/shop",
                "com.mysql.cj.jdbc.Driver | jdbc:mysql://127.0.0.1:1/shop?connectTimeout=5000",
                "org.mariadb.jdbc.Driver | jdbc:mariadb://127.0.0.1:1/shop?connectTimeout=5000",
                "org.h2.Driver | jdbc:h2:tcp://127.0.0.1:1/mem:shop",
            })
    void aRefusedConnectionIsWhatTheDriverThrowsForAClosedPort(String driverClass, String url)
            throws Exception {
        Driver driver = (Driver) Class.forName(driverClass).getConstructor().newInstance();
        // Port 1 on loopback: nothing listens there, so the driver's own refusal comes at once.
        SQLException real =
                catchThrowableOfType(
                        SQLException.class, () -> driver.connect(url, new java.util.Properties()));
        SQLException injected =
                inject("{\"point\": \"jdbc.connect\", \"action\": \"error\"}", driver, url);
        assertThat(shape(injected)).isEqualTo(shape(real));
        assertThat(injected.getCause()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "40001 | 1213 | Deadlock found when trying to get lock; try restarting transaction | com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException",
                "08004 | 1040 | Too many connections | java.sql.SQLNonTransientConnectionException",
                "23000 | 1062 | Duplicate entry '1' for key 'PRIMARY' | java.sql.SQLIntegrityConstraintViolationException",
                "70100 | 1317 | Query execution was interrupted | com.mysql.cj.jdbc.exceptions.MySQLQueryInterruptedException",
                "HY000 | 3024 | Query execution was interrupted, maximum statement execution time exceeded | java.sql.SQLException",
            })
    void mysqlErrorsAreWhatConnectorJMakesOfTheServersError(
            String state, int code, String message, String className) throws Exception {
        Class<?> interceptor = Class.forName("com.mysql.cj.exceptions.ExceptionInterceptor");
        SQLException driversOwn =
                (SQLException)
                        Class.forName("com.mysql.cj.jdbc.exceptions.SQLError")
                                .getMethod(
                                        "createSQLException",
                                        String.class,
                                        String.class,
                                        int.class,
                                        interceptor)
                                .invoke(null, message, state, code, null);
        SQLException injected =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \""
                                + state
                                + "\"}",
                        new com.mysql.cj.jdbc.Driver(),
                        null);
        assertThat(shape(injected)).isEqualTo(shape(driversOwn));
        assertThat(injected.getClass().getName()).isEqualTo(className);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "40001 | 1213 | Deadlock found when trying to get lock; try restarting transaction | java.sql.SQLTransactionRollbackException",
                "HY000 | 1205 | Lock wait timeout exceeded; try restarting transaction | java.sql.SQLException",
                "08004 | 1040 | Too many connections | java.sql.SQLNonTransientConnectionException",
                "23000 | 1062 | Duplicate entry '1' for key 'PRIMARY' | java.sql.SQLIntegrityConstraintViolationException",
                "70100 | 1969 | Query execution was interrupted (max_statement_time exceeded) | java.sql.SQLTimeoutException",
                "08000 | 0 | Socket error | java.sql.SQLNonTransientConnectionException",
                "57014 | 0 | Statement canceled: query timeout | java.sql.SQLTransientConnectionException",
            })
    void mariaDbErrorsAreWhatItsExceptionFactoryMakes(
            String state, int code, String message, String className) throws Exception {
        Object configuration =
                Class.forName("org.mariadb.jdbc.Configuration")
                        .getMethod("parse", String.class)
                        .invoke(null, "jdbc:mariadb://127.0.0.1:3306/shop");
        Class<?> host = Class.forName("org.mariadb.jdbc.HostAddress");
        Class<?> factoryType = Class.forName("org.mariadb.jdbc.export.ExceptionFactory");
        Object factory =
                factoryType
                        .getConstructor(configuration.getClass(), host)
                        .newInstance(
                                configuration,
                                host.getMethod("from", String.class, int.class)
                                        .invoke(null, "127.0.0.1", 3306));
        SQLException driversOwn =
                (SQLException)
                        factoryType
                                .getMethod("create", String.class, String.class, int.class)
                                .invoke(factory, message, state, code);
        // The Driver has no connection, so no "(conn=N) " (the child-JVM tests show it on a real
        // connection).
        SQLException injected =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \""
                                + state
                                + "\"}",
                        new org.mariadb.jdbc.Driver(),
                        null);
        assertThat(shape(injected)).isEqualTo(shape(driversOwn));
        assertThat(injected.getClass().getName()).isEqualTo(className);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "40001 | 40001 | ''",
                "57014 | 57014 |",
                "23505 | 23505 | PRIMARY KEY ON PUBLIC.ORDERS(ID)",
                "90098 | 90098 |",
                "HYT00 | 50200 | PUBLIC.ORDERS",
                "90067 | 90067 | java.net.SocketException: Connection reset",
            })
    void h2ErrorsAreWhatH2MakesOfItsErrorCode(String state, int code, String parameter)
            throws Exception {
        String[] parameters = parameter == null ? new String[0] : new String[] {parameter};
        SQLException driversOwn =
                (SQLException)
                        Class.forName("org.h2.message.DbException")
                                .getMethod(
                                        "getJdbcSQLException",
                                        int.class,
                                        Throwable.class,
                                        String[].class)
                                .invoke(null, code, null, parameters);
        SQLException injected =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \""
                                + state
                                + "\"}",
                        new org.h2.Driver(),
                        null);
        assertThat(shape(injected)).isEqualTo(shape(driversOwn));
    }

    @Test
    void postgreSqlServerErrorsCarryAServerErrorMessage() throws Exception {
        SQLException deadlock =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40P01\"}",
                        new org.postgresql.Driver(),
                        null);
        assertThat(shape(deadlock))
                .isEqualTo(
                        "org.postgresql.util.PSQLException | 40P01 | 0 | ERROR: deadlock detected");
        org.postgresql.util.ServerErrorMessage server =
                ((org.postgresql.util.PSQLException) deadlock).getServerErrorMessage();
        assertThat(server.getSeverity()).isEqualTo("ERROR");
        assertThat(server.getSQLState()).isEqualTo("40P01");
        assertThat(server.getMessage()).isEqualTo("deadlock detected");

        SQLException lost =
                inject(
                        "{\"point\": \"jdbc.commit\", \"action\": \"error\"}",
                        new org.postgresql.Driver(),
                        null);
        assertThat(shape(lost))
                .isEqualTo(
                        "org.postgresql.util.PSQLException | 08006 | 0 | An I/O error occurred while sending to the backend.");
        assertThat(((org.postgresql.util.PSQLException) lost).getServerErrorMessage())
                .isNull(); // the driver's own, as pgjdbc raises it

        SQLException given =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\", \"message\": \"replica lag\"}",
                        new org.postgresql.Driver(),
                        null);
        assertThat(shape(given))
                .isEqualTo("org.postgresql.util.PSQLException | 40001 | 0 | replica lag");
    }

    @Test
    void overridesStillWinOnEveryDriver() throws Exception {
        for (Object driver :
                new Object[] {
                    new org.postgresql.Driver(),
                    new com.mysql.cj.jdbc.Driver(),
                    new org.mariadb.jdbc.Driver(),
                    new org.h2.Driver()
                }) {
            SQLException e =
                    inject(
                            "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"error\": \"SQLRecoverableException\","
                                    + " \"sqlState\": \"08003\", \"message\": \"replica went away\"}",
                            driver,
                            null);
            assertThat(shape(e))
                    .as(driver.getClass().getName())
                    .isEqualTo("java.sql.SQLRecoverableException | 08003 | 0 | replica went away");
        }
        SQLException psql =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"error\": \"org.postgresql.util.PSQLException\","
                                + " \"sqlState\": \"40P01\"}",
                        new org.postgresql.Driver(),
                        null);
        assertThat(shape(psql))
                .isEqualTo(
                        "org.postgresql.util.PSQLException | 40P01 | 0 | ERROR: deadlock detected");
        SQLException psqlDefault =
                inject(
                        "{\"point\": \"jdbc.commit\", \"action\": \"error\", \"error\": \"org.postgresql.util.PSQLException\"}",
                        new org.postgresql.Driver(),
                        null);
        assertThat(shape(psqlDefault))
                .isEqualTo(
                        "org.postgresql.util.PSQLException | 08006 | 0 | An I/O error occurred while sending to the backend.");
        SQLException mysqlClass =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"error\": \"SQLTransactionRollbackException\"}",
                        new com.mysql.cj.jdbc.Driver(),
                        null);
        assertThat(shape(mysqlClass))
                .isEqualTo(
                        "java.sql.SQLTransactionRollbackException | 40001 | 1213"
                                + " | Deadlock found when trying to get lock; try restarting transaction");
    }

    /**
     * H2's classes append "[code-version]" to every message: a given message comes in the java.sql
     * class H2's extends.
     */
    @Test
    void aGivenMessageOnH2IsKeptExact() {
        SQLException e =
                inject(
                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"message\": \"replica went away\"}",
                        new org.h2.Driver(),
                        null);
        assertThat(shape(e))
                .isEqualTo(
                        "java.sql.SQLNonTransientConnectionException | 90067 | 90067 | replica went away");
    }

    @Test
    void otherDriversGetTheNeutralJavaSqlForm() {
        Driver other = otherDriver(DriverErrorsTest.class.getClassLoader());
        SQLException refused =
                inject(
                        "{\"point\": \"jdbc.connect\", \"action\": \"error\"}",
                        other,
                        "jdbc:derby://db.internal:1527/shop");
        assertThat(shape(refused))
                .isEqualTo(
                        "java.sql.SQLNonTransientConnectionException | 08001 | 0 | Connection to db.internal:1527 refused");
        SQLException deadlock =
                inject(
                        "{\"point\": \"jdbc.connect\", \"action\": \"error\", \"sqlState\": \"40P01\"}",
                        other,
                        "jdbc:derby://db/shop");
        assertThat(shape(deadlock))
                .isEqualTo(
                        "java.sql.SQLTransactionRollbackException | 40P01 | 0 | Transaction rolled back: deadlock detected");
    }

    /**
     * A driver class whose loader cannot see MySQL Connector/J: the java.sql form, same SQLState,
     * code and message.
     */
    @Test
    void driverClassesOutOfReachFallBackToJavaSqlWithTheSameShape() throws Exception {
        try (URLClassLoader isolated =
                new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            Driver other = otherDriver(isolated);
            SQLException deadlock =
                    inject(
                            "{\"point\": \"jdbc.connect\", \"action\": \"error\", \"sqlState\": \"40001\"}",
                            other,
                            "jdbc:mysql://127.0.0.1:3306/shop");
            assertThat(shape(deadlock))
                    .isEqualTo(
                            "java.sql.SQLTransactionRollbackException | 40001 | 1213"
                                    + " | Deadlock found when trying to get lock; try restarting transaction");
            SQLException refused =
                    inject(
                            "{\"point\": \"jdbc.connect\", \"action\": \"error\"}",
                            other,
                            "jdbc:mysql://127.0.0.1:3306/shop");
            assertThat(refused.getClass().getName())
                    .isEqualTo("java.sql.SQLNonTransientConnectionException");
            assertThat(refused.getSQLState()).isEqualTo("08S01");
            assertThat(refused.getMessage()).startsWith("Communications link failure\n\n");
        }
    }

    @Test
    void theDriverIsToldByItsClassesOrItsUrl() throws Exception {
        assertThat(SqlDialect.of(new org.postgresql.Driver(), null))
                .isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.of(new com.mysql.cj.jdbc.Driver(), "jdbc:mariadb://x/y"))
                .isEqualTo(SqlDialect.MYSQL);
        assertThat(SqlDialect.of(new org.mariadb.jdbc.Driver(), null))
                .isEqualTo(SqlDialect.MARIADB);
        assertThat(SqlDialect.of(new org.h2.Driver(), null)).isEqualTo(SqlDialect.H2);
        assertThat(SqlDialect.ofUrl("jdbc:mariadb://db:3306/shop")).isEqualTo(SqlDialect.MARIADB);
        assertThat(SqlDialect.ofUrl("jdbc:mysql://db:3306/shop")).isEqualTo(SqlDialect.MYSQL);
        assertThat(SqlDialect.ofUrl("jdbc:postgresql://db/shop")).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.ofUrl("jdbc:h2:mem:shop")).isEqualTo(SqlDialect.H2);
        assertThat(SqlDialect.ofUrl("jdbc:sqlserver://db")).isEqualTo(SqlDialect.NEUTRAL);
        assertThat(SqlDialect.ofUrl(null)).isEqualTo(SqlDialect.NEUTRAL);
    }

    private static Driver otherDriver(ClassLoader loader) {
        return (Driver)
                Proxy.newProxyInstance(
                        loader,
                        new Class<?>[] {Driver.class},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "acceptsURL":
                                    return true;
                                case "hashCode":
                                    return System.identityHashCode(proxy);
                                case "equals":
                                    return proxy == args[0];
                                case "toString":
                                    return "other driver";
                                default:
                                    throw new SQLException("not under test");
                            }
                        });
    }
}
