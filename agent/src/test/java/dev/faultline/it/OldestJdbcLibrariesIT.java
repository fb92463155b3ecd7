// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oldest versions of the pools and driver the agent supports (HikariCP 4.0.3, DBCP2 2.0, Tomcat
 * JDBC 8.5, PostgreSQL JDBC 42.1.2), alone on the class path against a real PostgreSQL: one fault
 * per point on each. The newest versions run in {@link JdbcFaultsContract}; the versions are set in
 * the agent's pom ({@code oldest.*}) and declared in {@code JdbcModule.LIBRARIES}.
 */
class OldestJdbcLibrariesIT extends AgentApplicationTest {
    private static final String SERIALIZATION_FAILURE =
            "ERROR: could not serialize access due to concurrent update";

    @Override
    String classpath() {
        return System.getProperty("faultline.it.oldest.jdbc.classpath");
    }

    @BeforeAll
    void preparePools() throws Exception {
        String pg = Postgres.url();
        String credentials = " " + Postgres.user() + " " + Postgres.password();
        expectOk("connect pg " + pg + credentials);
        expectOk("update pg create table if not exists oldest_versions(id int)");
        expectOk("hikari pgpool " + pg + credentials);
        expectOk("dbcp2 dbcp2pool " + pg + credentials);
        expectOk("tomcat tomcatpool " + pg + credentials);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "pgpool", "dbcp2pool", "tomcatpool"})
    void executeErrorIsTheDriversOwn(String database) throws Exception {
        jmx.enable(
                "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\","
                        + " \"match\": {\"sql\": \"oldest_versions\"}}");
        Reply failed = app.send("query " + database + " select count(*) from oldest_versions");
        assertThat(failed.ok).as(failed.toString()).isFalse();
        assertThat(failed.exception()).isEqualTo("org.postgresql.util.PSQLException");
        assertThat(failed.sqlState()).isEqualTo("40001");
        assertThat(failed.message()).isEqualTo(SERIALIZATION_FAILURE);
        assertThat(expectOk("query " + database + " select 1").detail).isEqualTo("rows 1");
    }

    @Test
    void connectErrorRefusesTheDriversConnection() throws Exception {
        jmx.enable("{\"point\": \"jdbc.connect\", \"action\": \"error\"}");
        Reply refused =
                app.send(
                        "connect other "
                                + Postgres.url()
                                + " "
                                + Postgres.user()
                                + " "
                                + Postgres.password());
        String hostPort = Postgres.url().replaceAll("jdbc:postgresql://([^/]+)/.*", "$1");
        assertThat(refused.detail)
                .isEqualTo(
                        "org.postgresql.util.PSQLException 08001 Connection to "
                                + hostPort
                                + " refused. Check that the hostname and port are correct and that"
                                + " the postmaster is accepting TCP/IP connections.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "pgpool", "dbcp2pool", "tomcatpool"})
    void commitErrorFailsTheCommit(String database) throws Exception {
        jmx.enable("{\"point\": \"jdbc.commit\", \"action\": \"error\", \"sqlState\": \"40001\"}");
        Reply failed = app.send("commit " + database + " insert into oldest_versions values (1)");
        assertThat(failed.ok).as(failed.toString()).isFalse();
        assertThat(failed.exception()).isEqualTo("org.postgresql.util.PSQLException");
        assertThat(failed.sqlState()).isEqualTo("40001");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "pgpool | pool-pgpool (HikariDataSource) | java.sql.SQLTransientConnectionException",
                "dbcp2pool | BasicDataSource | java.sql.SQLException",
                "tomcatpool | pool-tomcatpool (DataSource) | org.apache.tomcat.jdbc.pool.PoolExhaustedException",
            })
    void poolExhaustionMeetsThePoolsOwnTimeout(String pool, String name, String exception)
            throws Exception {
        jmx.enable(
                "{\"id\": \"exhaust\", \"point\": \"jdbc.pool\", \"action\": \"exhaust\","
                        + " \"match\": {\"pool\": \""
                        + Pattern.quote(name).replace("\\", "\\\\")
                        + "\"}}");
        app.send("borrow " + pool); // the agent finds the pool as the application uses it
        // the pool's own name, else its class (DBCP2 without a JMX name: BasicDataSource@<hash>)
        String holding = "holding 4 connection(s) of " + name;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!jmx.fault("exhaust").path("state").asText().startsWith(holding)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(jmx.fault("exhaust").path("state").asText()).startsWith(holding);
        assertThat(jmx.fault("exhaust").has("unsupported")).isFalse();
        Reply starved = app.send("borrow " + pool);
        assertThat(starved.ok).as(starved.toString()).isFalse();
        assertThat(starved.exception()).isEqualTo(exception);
        jmx.disable("exhaust");
        assertThat(expectOk("query " + pool + " select 1").detail).isEqualTo("rows 1");
    }

    @Test
    void listReportsNoLibraryLeftOff() throws Exception {
        for (String point : new String[] {"jdbc.connect", "jdbc.execute", "jdbc.commit"}) {
            jmx.enable(
                    "{\"id\": \""
                            + point
                            + "-probe\", \"point\": \""
                            + point
                            + "\","
                            + " \"action\": \"error\", \"probability\": 0}");
            assertThat(jmx.fault(point + "-probe").get("instrumented").asBoolean()).isTrue();
            assertThat(jmx.fault(point + "-probe").has("unsupported")).isFalse();
        }
        assertThat(((Number) jmx.attribute("AgentErrors")).longValue()).isZero();
    }

    private Reply expectOk(String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
