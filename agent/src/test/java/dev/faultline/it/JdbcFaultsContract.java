// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC points observed from the application's side: a child JVM started with {@code -javaagent}
 * and a start-up config, real H2, PostgreSQL and MariaDB (through MariaDB Connector/J and MySQL
 * Connector/J; DriverManager and HikariCP), faults switched over a real JMX connection. Run once
 * per JDK by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class JdbcFaultsContract extends AgentApplicationTest {
    private static final String H2_URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";

    @Override
    abstract Jdk jdk();

    /** A start-up config with one fault, to show that config= faults apply from the first call. */
    @Override
    String agentOptions() throws Exception {
        Path config = Files.createTempFile("faultline-it-", ".yaml");
        config.toFile().deleteOnExit();
        Files.write(
                config,
                ("- id: startup-slow-commit\n"
                                + "  point: jdbc.commit\n"
                                + "  action: delay\n"
                                + "  delay: 300ms\n"
                                + "  limit: 1\n")
                        .getBytes(StandardCharsets.UTF_8));
        return "config=" + config;
    }

    @BeforeAll
    void prepareDatabases() throws Exception {
        expectOk("connect h2 " + H2_URL);
        expectOk("update h2 create table inventory(id int primary key, quantity int)");
        expectOk("update h2 create table orders(id int primary key, item int)");
        expectOk("update h2 insert into inventory values (1, 10), (2, 20)");
        String pg = Postgres.url();
        expectOk("connect pg " + pg + " " + Postgres.user() + " " + Postgres.password());
        expectOk(
                "update pg create table if not exists inventory(id int primary key, quantity int)");
        expectOk("update pg create table if not exists orders(id int primary key, item int)");
        expectOk("hikari pgpool " + pg + " " + Postgres.user() + " " + Postgres.password());
        expectOk("dbcp2 dbcp2pool " + pg + " " + Postgres.user() + " " + Postgres.password());
        expectOk("tomcat tomcatpool " + pg + " " + Postgres.user() + " " + Postgres.password());
        String maria = MariaDb.mariaDbUrl();
        expectOk("connect maria " + maria + " " + MariaDb.user() + " " + MariaDb.password());
        expectOk("update maria create table if not exists orders(id int primary key, item int)");
        expectOk("update maria delete from orders");
        expectOk(
                "connect mysql "
                        + MariaDb.mysqlUrl()
                        + " "
                        + MariaDb.user()
                        + " "
                        + MariaDb.password());
        expectOk("hikari mariapool " + maria + " " + MariaDb.user() + " " + MariaDb.password());
    }

    @Test
    @Order(1)
    void startupConfigFaultIsActiveFromTheFirstCall() throws Exception {
        assertThat(jmx.list()).contains("\"id\":\"startup-slow-commit\"");
        Reply commit = expectOk("commit h2 insert into orders values (1, 1)");
        assertThat(commit.millis).isBetween(300L, 1500L);
        Reply next = expectOk("commit h2 insert into orders values (2, 1)");
        assertThat(next.millis).isLessThan(300L);
        assertThat(jmx.list()).contains("\"injected\":1,");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "pg", "pgpool"})
    void delayAppliesToMatchingSqlOnly(String database) throws Exception {
        jmx.enable(
                "{\"id\": \"slow-inventory\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"400ms\","
                        + " \"match\": {\"sql\": \"(?i)from inventory\"}}");
        assertThat(expectOk("query " + database + " select * from inventory").millis)
                .isBetween(400L, 1500L);
        assertThat(expectOk("query " + database + " select * from orders").millis).isLessThan(400L);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "h2 | org.h2.jdbc.JdbcSQLTransactionRollbackException | Deadlock detected. The current transaction was rolled back. Details:  [40001-232]",
                "pg | org.postgresql.util.PSQLException | ERROR: could not serialize access due to concurrent update",
                "pgpool | org.postgresql.util.PSQLException | ERROR: could not serialize access due to concurrent update",
            })
    void sqlOfPreparedStatementsIsMatched(String database, String exception, String message)
            throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\", \"match\": {\"sql\": \"inventory\"}}");
        Reply failed =
                app.send("prepared " + database + " select quantity from inventory where id = 1");
        assertThat(failed.ok).as(failed.toString()).isFalse();
        assertThat(failed.exception()).isEqualTo(exception);
        assertThat(failed.sqlState()).isEqualTo("40001");
        assertThat(failed.message()).isEqualTo(message);
        expectOk("prepared " + database + " select item from orders where id = 1");
    }

    @Test
    void delayRangeStaysWithinItsBounds() throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"100ms..300ms\"}");
        for (int i = 0; i < 5; i++) {
            assertThat(expectOk("query h2 select 1").millis).isBetween(100L, 1200L);
        }
    }

    /**
     * The error for an SQLState is the one the driver in use throws: class, SQLState, vendor code,
     * message, and for PostgreSQL's server errors a ServerErrorMessage. MariaDB Connector/J's
     * messages start with the connection's id on the server, as its real ones do.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "pg | 40001 | org.postgresql.util.PSQLException | ERROR: could not serialize access due to concurrent update | code=0 server=true",
                "pg | 40P01 | org.postgresql.util.PSQLException | ERROR: deadlock detected | code=0 server=true",
                "pg | 57014 | org.postgresql.util.PSQLException | ERROR: canceling statement due to statement timeout | code=0 server=true",
                "pg | 08006 | org.postgresql.util.PSQLException | An I/O error occurred while sending to the backend\\. | code=0 server=false",
                "pgpool | 53300 | org.postgresql.util.PSQLException | FATAL: sorry, too many clients already | code=0 server=true",
                "mysql | 40001 | com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException | Deadlock found when trying to get lock; try restarting transaction | code=1213 server=false",
                "mysql | 08004 | java.sql.SQLNonTransientConnectionException | Too many connections | code=1040 server=false",
                "mysql | 70100 | com.mysql.cj.jdbc.exceptions.MySQLQueryInterruptedException | Query execution was interrupted | code=1317 server=false",
                "maria | 40001 | java.sql.SQLTransactionRollbackException | \\(conn=\\d+\\) Deadlock found when trying to get lock; try restarting transaction | code=1213 server=false",
                "maria | HY000 | java.sql.SQLException | \\(conn=\\d+\\) Lock wait timeout exceeded; try restarting transaction | code=1205 server=false",
                "mariapool | 08004 | java.sql.SQLNonTransientConnectionException | \\(conn=\\d+\\) Too many connections | code=1040 server=false",
                "h2 | 57014 | org.h2.jdbc.JdbcSQLTimeoutException | Statement was canceled or the session timed out \\[57014-232\\] | code=57014 server=false",
            })
    void errorBySqlStateIsWhatTheDriverInUseThrows(
            String database, String sqlState, String exception, String message, String code)
            throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \""
                        + sqlState
                        + "\"}");
        Reply reply = app.send("query " + database + " select 1");
        assertThat(reply.ok).as(reply.toString()).isFalse();
        assertThat(reply.exception()).isEqualTo(exception);
        assertThat(reply.sqlState()).isEqualTo(sqlState);
        assertThat(reply.message()).matches(message);
        assertThat(expectOk("lastcode").detail).isEqualTo(code);
    }

    /** The default error of jdbc.execute, the connection breaking, as each driver reports it. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "pg | org.postgresql.util.PSQLException 08006 An I/O error occurred while sending to the backend\\. | code=0 server=false",
                "mysql | com.mysql.cj.jdbc.exceptions.CommunicationsException 08S01 Communications link failure  The last packet successfully received"
                        + " from the server was 0 milliseconds ago\\. The last packet sent successfully to the server was 0 milliseconds ago\\. | code=0 server=false",
                "maria | java.sql.SQLNonTransientConnectionException 08000 \\(conn=\\d+\\) Socket error | code=0 server=false",
                "mariapool | java.sql.SQLNonTransientConnectionException 08000 \\(conn=\\d+\\) Socket error | code=0 server=false",
            })
    void defaultExecuteErrorIsTheDriversBrokenConnection(
            String database, String detail, String code) throws Exception {
        jmx.enable("{\"point\": \"jdbc.execute\", \"action\": \"error\"}");
        Reply reply = app.send("query " + database + " select 1");
        assertThat(reply.detail).matches(detail);
        assertThat(expectOk("lastcode").detail).isEqualTo(code);
    }

    /**
     * Against the real server: a duplicate key the server itself reports, then the same failure
     * injected on the same connection. Both drivers must not tell them apart.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mysql", "maria"})
    void anInjectedDuplicateKeyIsTheServersOwn(String database) throws Exception {
        expectOk("update " + database + " insert into orders values (1, 1)");
        try {
            Reply real = app.send("update " + database + " insert into orders values (1, 2)");
            assertThat(real.ok).as(real.toString()).isFalse();
            String realCode = expectOk("lastcode").detail;
            jmx.enable(
                    "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"23000\", \"match\": {\"sql\": \"values \\\\(2,\"}}");
            Reply injected = app.send("update " + database + " insert into orders values (2, 2)");
            assertThat(injected.detail).isEqualTo(real.detail);
            assertThat(expectOk("lastcode").detail)
                    .isEqualTo(realCode)
                    .isEqualTo("code=1062 server=false");
            jmx.disableAll();
            assertThat(expectOk("query " + database + " select * from orders where id = 2").detail)
                    .isEqualTo("rows 0");
        } finally {
            jmx.disableAll();
            expectOk("update " + database + " delete from orders");
        }
    }

    @Test
    void defaultExecuteErrorIsABrokenConnection() throws Exception {
        jmx.enable("{\"point\": \"jdbc.execute\", \"action\": \"error\"}");
        Reply reply = app.send("update h2 insert into orders values (100, 1)");
        assertThat(reply.detail)
                .isEqualTo(
                        "org.h2.jdbc.JdbcSQLNonTransientConnectionException 90067"
                                + " Connection is broken: \"java.net.SocketException: Connection reset\" [90067-232]");
        // The stack trace starts in the driver's method, as when the driver throws.
        assertThat(expectOk("lastframe").detail)
                .isEqualTo("org.h2.jdbc.JdbcStatement.executeUpdate");
        jmx.disableAll();
        assertThat(expectOk("query h2 select * from orders where id = 100").detail)
                .isEqualTo("rows 0");
    }

    @Test
    void errorClassMessageAndSqlStateCanBeGiven() throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"error\": \"SQLRecoverableException\","
                        + " \"message\": \"replica went away\", \"sqlState\": \"08003\"}");
        assertThat(app.send("query h2 select 1").detail)
                .isEqualTo("java.sql.SQLRecoverableException 08003 replica went away");
    }

    @Test
    void probabilityZeroInjectsNothing() throws Exception {
        jmx.enable(
                "{\"id\": \"never\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"probability\": 0}");
        for (int i = 0; i < 30; i++) {
            expectOk("query h2 select 1");
        }
        assertThat(jmx.list()).contains("\"matched\":30,\"injected\":0");
    }

    @Test
    void limitInjectsExactlyThatMany() throws Exception {
        jmx.enable("{\"point\": \"jdbc.execute\", \"action\": \"error\", \"limit\": 3}");
        int failures = 0;
        for (int i = 0; i < 10; i++) {
            if (!app.send("query h2 select 1").ok) {
                failures++;
            }
        }
        assertThat(failures).isEqualTo(3);
        assertThat(jmx.list()).contains("\"matched\":10,\"injected\":3");
    }

    @Test
    void afterSkipsTheFirstMatchingCalls() throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"after\": 2, \"match\": {\"sql\": \"inventory\"}}");
        expectOk("query h2 select * from orders");
        expectOk("query h2 select * from inventory");
        expectOk("query h2 select * from inventory");
        assertThat(app.send("query h2 select * from inventory").ok).isFalse();
        assertThat(app.send("query h2 select * from inventory").ok).isFalse();
    }

    @Test
    void seededProbabilityIsReproducible() throws Exception {
        String first =
                outcomes(
                        "{\"id\": \"seeded\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"probability\": 0.5, \"seed\": 42}");
        String second =
                outcomes(
                        "{\"id\": \"seeded\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"probability\": 0.5, \"seed\": 42}");
        assertThat(second).isEqualTo(first).contains("x").contains(".");
    }

    private String outcomes(String spec) throws Exception {
        jmx.enable(spec);
        StringBuilder outcomes = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            outcomes.append(app.send("query h2 select 1").ok ? '.' : 'x');
        }
        jmx.disableAll();
        return outcomes.toString();
    }

    @Test
    void faultsExpireOnTheirOwn() throws Exception {
        List<Notification> notifications = new CopyOnWriteArrayList<>();
        NotificationListener listener = (notification, handback) -> notifications.add(notification);
        jmx.server.addNotificationListener(jmx.faults, listener, null, null);
        try {
            jmx.enable(
                    "{\"id\": \"brief\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"300ms\", \"duration\": \"1s\"}");
            assertThat(expectOk("query h2 select 1").millis).isGreaterThanOrEqualTo(300L);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((Integer) jmx.attribute("ActiveCount") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(jmx.attribute("ActiveCount")).isEqualTo(0);
            assertThat(expectOk("query h2 select 1").millis).isLessThan(300L);
            while (notifications.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(notifications)
                    .extracting(Notification::getType)
                    .containsExactly("dev.faultline.fault.enabled", "dev.faultline.fault.expired");
            assertThat(notifications).extracting(Notification::getUserData).containsOnly("brief");
        } finally {
            jmx.server.removeNotificationListener(jmx.faults, listener);
        }
    }

    /**
     * The hang ends at the query timeout with the driver's own cancel (Connector/J's has no
     * SQLState).
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "pg | org.postgresql.util.PSQLException 57014 ERROR: canceling statement due to statement timeout",
                "mysql | com.mysql.cj.jdbc.exceptions.MySQLTimeoutException null Statement cancelled due to timeout or client request",
                "h2 | org.h2.jdbc.JdbcSQLTimeoutException 57014 Statement was canceled or the session timed out [57014-232]",
            })
    void hangFailsAtTheStatementsQueryTimeout(String database, String detail) throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"hang\", \"match\": {\"sql\": \"orders\"}}");
        expectOk("timeout 1");
        try {
            Reply reply = app.send("query " + database + " select * from orders");
            assertThat(reply.ok).isFalse();
            assertThat(reply.millis).isBetween(1000L, 3000L);
            assertThat(reply.detail).isEqualTo(detail);
        } finally {
            expectOk("timeout 0");
        }
    }

    @Test
    void hangEndsWhenTheFaultIsDisabled() throws Exception {
        jmx.enable("{\"id\": \"black-hole\", \"point\": \"jdbc.execute\", \"action\": \"hang\"}");
        CompletableFuture<Reply> blocked =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return app.send("query h2 select 1");
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(700);
        assertThat(blocked).isNotDone();
        assertThat(jmx.disable("black-hole")).isTrue();
        Reply reply = blocked.get(10, TimeUnit.SECONDS);
        assertThat(reply.ok).isTrue();
        // The child starts its clock when the command reaches it, a little after this test's 700 ms
        // began.
        assertThat(reply.millis).isGreaterThanOrEqualTo(600L);
    }

    @Test
    void disableAllRestoresEveryCallAtOnce() throws Exception {
        jmx.enable(
                "[{\"point\": \"jdbc.execute\", \"action\": \"error\"}, {\"point\": \"jdbc.commit\", \"action\": \"error\"}]");
        assertThat(jmx.attribute("ActiveCount")).isEqualTo(2);
        assertThat(jmx.disableAll()).isEqualTo(2);
        expectOk("query h2 select 1");
        expectOk("commit h2 insert into orders values (3, 1)");
        assertThat(jmx.list()).isEqualTo("[]");
    }

    @Test
    void connectErrorThroughDriverManagerNamesTheServer() throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.connect\", \"action\": \"error\", \"match\": {\"url\": \"postgresql\"}}");
        Reply reply = app.send("connect other " + Postgres.url() + " postgres postgres");
        String hostPort = Postgres.url().replaceAll("jdbc:postgresql://([^/]+)/.*", "$1");
        assertThat(reply.detail)
                .isEqualTo(
                        "org.postgresql.util.PSQLException 08001 Connection to "
                                + hostPort
                                + " refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.");
        expectOk("connect other jdbc:h2:mem:other");
    }

    /** The refusal each MySQL-protocol driver gives a closed port, and the injected one, alike. */
    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void connectErrorIsTheDriversOwnRefusal(String scheme) throws Exception {
        String url = scheme.equals("mysql") ? MariaDb.mysqlUrl() : MariaDb.mariaDbUrl();
        String closed =
                url.replaceFirst(
                        "127\\.0\\.0\\.1:\\d+", "127.0.0.1:1"); // nothing listens on port 1
        Reply real =
                app.send(
                        "connect other "
                                + closed
                                + " "
                                + MariaDb.user()
                                + " "
                                + MariaDb.password());
        assertThat(real.ok).as(real.toString()).isFalse();
        jmx.enable(
                "{\"point\": \"jdbc.connect\", \"action\": \"error\", \"match\": {\"url\": \"jdbc:"
                        + scheme
                        + ":\"}}");
        Reply injected =
                app.send("connect other " + url + " " + MariaDb.user() + " " + MariaDb.password());
        String port = url.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1");
        assertThat(injected.detail)
                .isEqualTo(real.detail.replace("127.0.0.1:1", "127.0.0.1:" + port));
        jmx.disableAll();
        expectOk("connect other " + url + " " + MariaDb.user() + " " + MariaDb.password());
    }

    @Test
    void connectErrorThroughAPool() throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.connect\", \"action\": \"error\", \"match\": {\"url\": \"postgresql\"}}");
        Reply reply = app.send("borrow pgpool");
        assertThat(reply.exception()).isEqualTo("java.sql.SQLTransientConnectionException");
        assertThat(reply.sqlState()).isEqualTo("08001");
        jmx.disableAll();
        expectOk("borrow pgpool");
    }

    @Test
    void connectDelay() throws Exception {
        jmx.enable("{\"point\": \"jdbc.connect\", \"action\": \"delay\", \"delay\": \"400ms\"}");
        assertThat(expectOk("borrow pgpool").millis).isBetween(400L, 1500L);
        assertThat(expectOk("connect other jdbc:h2:mem:other").millis).isBetween(400L, 1500L);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "pgpool | pool-pgpool (HikariDataSource) | java.sql.SQLTransientConnectionException | pool-pgpool - Connection is not available, request timed out after 2\\d{3}ms.*",
                "dbcp2pool | BasicDataSource | java.sql.SQLException | Cannot get a connection, pool error Timeout waiting for idle object.*",
                "tomcatpool | pool-tomcatpool (DataSource) | org.apache.tomcat.jdbc.pool.PoolExhaustedException | .*Timeout: Pool empty. Unable to fetch a connection in 2 seconds.*",
            })
    void poolExhaustionMakesTheApplicationMeetThePoolsOwnTimeoutUntilItEnds(
            String pool, String name, String exception, String message) throws Exception {
        jmx.enable(
                "{\"id\": \"exhaust\", \"point\": \"jdbc.pool\", \"action\": \"exhaust\","
                        + " \"match\": {\"pool\": \""
                        + Pattern.quote(name).replace("\\", "\\\\")
                        + "\"}}");
        app.send(
                "borrow " + pool); // the application borrows: the agent finds the pool (or knows it
        // from before)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!jmx.list().contains("holding 4 connection(s) of " + name)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(jmx.list()).contains("\"state\":\"holding 4 connection(s) of " + name);
        Reply starved = app.send("borrow " + pool);
        assertThat(starved.ok).as(starved.toString()).isFalse();
        assertThat(starved.exception()).isEqualTo(exception);
        assertThat(starved.message()).matches(message);
        jmx.disable("exhaust");
        assertThat(expectOk("borrow " + pool).millis).isLessThan(1000L);
        assertThat(expectOk("query " + pool + " select 1").detail).isEqualTo("rows 1");
    }

    /**
     * A service that is quiet when the fault is enabled is exhausted at its first use, however
     * late: the fault stays armed for its whole duration (it once looked for a pool during 5 s
     * only).
     */
    @Test
    void poolExhaustionStaysArmedUntilAQuietPoolIsFirstUsed() throws Exception {
        expectOk(
                "hikari quietpool "
                        + Postgres.url()
                        + " "
                        + Postgres.user()
                        + " "
                        + Postgres.password());
        jmx.enable(
                "{\"id\": \"quiet\", \"point\": \"jdbc.pool\", \"action\": \"exhaust\", \"match\": {\"pool\": \"quietpool\"}}");
        app.send("borrow pgpool"); // another pool is used meanwhile: it does not match
        // Past the window the agent once had: the fault is still active and still waiting.
        long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(6500);
        while (System.nanoTime() < quietUntil) {
            assertThat(jmx.fault("quiet").path("state").asText())
                    .isEqualTo("waiting for the application to use a matching pool");
            Thread.sleep(250);
        }
        assertThat(expectOk("borrow quietpool").millis).isLessThan(1000L); // its first use
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!jmx.fault("quiet").path("state").asText().startsWith("holding 4")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        JsonNode quiet = jmx.fault("quiet");
        assertThat(quiet.path("state").asText())
                .isEqualTo("holding 4 connection(s) of pool-quietpool (HikariDataSource)");
        assertThat(quiet.path("held:pool-quietpool (HikariDataSource)").asInt()).isEqualTo(4);
        assertThat(quiet.has("held:pool-pgpool (HikariDataSource)")).isFalse();
        Reply starved = app.send("borrow quietpool");
        assertThat(starved.ok).as(starved.toString()).isFalse();
        assertThat(starved.exception()).isEqualTo("java.sql.SQLTransientConnectionException");
        assertThat(expectOk("borrow pgpool").millis).isLessThan(1000L);
        jmx.disable("quiet");
        assertThat(expectOk("borrow quietpool").millis).isLessThan(1000L);
    }

    @Test
    void commitErrorLeavesTheTransactionUncommitted() throws Exception {
        jmx.enable("{\"point\": \"jdbc.commit\", \"action\": \"error\"}");
        Reply reply = app.send("commit pg insert into orders values (7, 7)");
        assertThat(reply.detail)
                .isEqualTo(
                        "org.postgresql.util.PSQLException 08006 An I/O error occurred while sending to the backend.");
        jmx.disableAll();
        assertThat(expectOk("query pg select * from orders where id = 7").detail)
                .isEqualTo("rows 0");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"point\": \"jdbc.exec\", \"action\": \"error\"} | field 'point': unknown point 'jdbc.exec'; expected one of jdbc.connect, jdbc.execute, jdbc.commit, jdbc.pool, jdbc.server, kafka.send, kafka.poll, memory, method",
                "{\"point\": \"jdbc.execute\", \"action\": \"explode\"} | field 'action': unknown action 'explode' for jdbc.execute; expected one of delay, error, hang",
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"duration\": \"soon\"} | field 'duration': 'soon' is not a duration such as 250ms, 2s, 5m, 1h or PT5M",
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"probability\": 1.5} | field 'probability': 1.5 is out of range; expected a number from 0 to 1",
                "{\"point\": \"jdbc.execute\", \"action\": | malformed JSON at line 1, column 36: Unexpected end-of-input",
            })
    void badSpecsAreRejectedWithAClearMessageAndChangeNothing(String spec, String message)
            throws Exception {
        assertThatThrownBy(() -> jmx.enable(spec))
                .isInstanceOf(RuntimeMBeanException.class)
                .extracting(e -> ((RuntimeMBeanException) e).getTargetException())
                .isInstanceOf(IllegalArgumentException.class)
                .extracting(Throwable::getMessage)
                .asString()
                .startsWith(message);
        assertThat(jmx.attribute("ActiveCount")).isEqualTo(0);
        expectOk("query h2 select 1");
    }

    @Test
    void versionAttribute() throws Exception {
        assertThat((String) jmx.attribute("Version")).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void aFailureInsideTheAgentNeverReachesTheApplication() throws Exception {
        // The class cannot be found when the fault fires: the agent counts and logs it, the call
        // proceeds.
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"error\": \"com.example.NoSuchException\"}");
        expectOk("query h2 select 1");
        expectOk("query h2 select 1");
        // the log goes to the child's stderr, read by a thread of its own: wait for the line
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!app.output().contains("agent failure in jdbc.execute")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(app.output()).containsOnlyOnce("agent failure in jdbc.execute");
        assertThat((Long) jmx.attribute("AgentErrors")).isGreaterThanOrEqualTo(2L);
    }

    private Reply expectOk(String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
