// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A small JDBC application the integration tests run in a child JVM, with or without the agent. It
 * reads one command per line on stdin and answers each with one line starting with {@code "> "}:
 * {@code ok <millis> <detail>} or {@code error <millis> <class> <sqlState> <message>}, so the tests
 * observe each fault exactly as the application sees it.
 *
 * <pre>
 * connect NAME URL [USER PASSWORD]        a DriverManager connection
 * hikari NAME URL USER PASSWORD           a HikariCP pool (4 connections, 2 s to wait for one), named pool-NAME
 * dbcp2 NAME URL USER PASSWORD            an Apache DBCP2 pool, the same size
 * tomcat NAME URL USER PASSWORD           a Tomcat JDBC pool, the same size, named pool-NAME
 * query NAME SQL...                       Statement.executeQuery on a connection, or on one borrowed from a pool
 * prepared NAME SQL...                    Connection.prepareStatement(SQL).executeQuery()
 * update NAME SQL...                      Statement.executeUpdate
 * commit NAME SQL...                      executeUpdate in a transaction, then Connection.commit
 * borrow NAME                             DataSource.getConnection (then close) on a pool
 * timeout SECONDS                         query timeout of the statements that follow
 * pid                                     the process id
 * modules                                 the modules of the boot layer, comma-separated
 * heap                                    the heap in use after a full collection: used=MB
 * stock SKU | describe SKU | reserve SKU  calls {@link Inventory}: stock=N, describe=TEXT, reservations=N
 * lastframe                               the top stack frame of the last exception
 * lastcode                                the vendor code of the last SQLException, and whether it
 *                                         carries a PostgreSQL ServerErrorMessage: code=N server=true|false
 * bytes CLASS                             the bytecode CLASS runs with now, Base64-encoded
 *                                         (needs {@link ClassBytesProbe} as an agent)
 * </pre>
 */
public final class JdbcWorkload {
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, DataSource> pools = new HashMap<>();
    private int queryTimeoutSeconds;
    private Throwable lastFailure;
    private final Inventory inventory = new Inventory();

    public static void main(String[] args) throws Exception {
        JdbcWorkload workload = new JdbcWorkload();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("> ready " + ProcessHandle.current().pid());
        System.out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("exit")) {
                break;
            }
            long start = System.nanoTime();
            String answer;
            try {
                String result = workload.run(line.trim());
                answer = "ok " + elapsed(start) + " " + result;
            } catch (SQLException e) {
                workload.lastFailure = e;
                answer =
                        "error "
                                + elapsed(start)
                                + " "
                                + e.getClass().getName()
                                + " "
                                + e.getSQLState()
                                + " "
                                + e.getMessage();
            } catch (Exception e) {
                answer =
                        "error "
                                + elapsed(start)
                                + " "
                                + e.getClass().getName()
                                + " - "
                                + e.getMessage();
            }
            System.out.println("> " + answer.replace('\n', ' '));
            System.out.flush();
        }
        for (DataSource pool : workload.pools.values()) {
            pool.getClass().getMethod("close").invoke(pool); // every pool here has one
        }
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private String run(String line) throws Exception {
        String[] words = line.split(" ", 3);
        String verb = words[0];
        switch (verb) {
            case "pid":
                return String.valueOf(ProcessHandle.current().pid());
            case "modules":
                return ModuleLayer.boot().modules().stream()
                        .map(Module::getName)
                        .sorted()
                        .collect(java.util.stream.Collectors.joining(","));
            case "heap":
                {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(50);
                    }
                    Runtime runtime = Runtime.getRuntime();
                    return "used=" + ((runtime.totalMemory() - runtime.freeMemory()) >> 20);
                }
            case "bytes":
                if (!ClassBytesProbe.loaded()) {
                    throw new IllegalStateException("start the JVM with the ClassBytesProbe agent");
                }
                return ClassBytesProbe.describe(words[1]);
            case "stock":
                return "stock=" + inventory.stock(words[1]);
            case "describe":
                return "describe=" + inventory.describe(words[1]);
            case "reserve":
                inventory.reserve(words[1]);
                return "reservations=" + inventory.reservations();
            case "lastframe":
                {
                    StackTraceElement top = lastFailure.getStackTrace()[0];
                    return top.getClassName() + "." + top.getMethodName();
                }
            case "lastcode":
                {
                    SQLException last = (SQLException) lastFailure;
                    boolean server;
                    try {
                        server =
                                last.getClass().getMethod("getServerErrorMessage").invoke(last)
                                        != null;
                    } catch (NoSuchMethodException notPostgreSql) {
                        server = false;
                    }
                    return "code=" + last.getErrorCode() + " server=" + server;
                }
            case "timeout":
                queryTimeoutSeconds = Integer.parseInt(words[1]);
                return "timeout " + queryTimeoutSeconds;
            case "connect":
                {
                    String[] parts = line.split(" ");
                    Connection c =
                            parts.length > 3
                                    ? DriverManager.getConnection(
                                            parts[2], parts[3], parts.length > 4 ? parts[4] : "")
                                    : DriverManager.getConnection(parts[2]);
                    connections.put(parts[1], c);
                    return "connected";
                }
            case "hikari":
                {
                    String[] parts = line.split(" ");
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(parts[2]);
                    config.setUsername(parts[3]);
                    config.setPassword(parts.length > 4 ? parts[4] : "");
                    config.setMaximumPoolSize(4);
                    config.setConnectionTimeout(2000);
                    config.setPoolName("pool-" + parts[1]);
                    pools.put(parts[1], new HikariDataSource(config));
                    return "pool";
                }
            case "dbcp2":
            case "tomcat":
                {
                    String[] parts = line.split(" ");
                    pools.put(
                            parts[1],
                            OtherPools.create(
                                    verb,
                                    parts[1],
                                    parts[2],
                                    parts[3],
                                    parts.length > 4 ? parts[4] : ""));
                    return "pool";
                }
            case "borrow":
                try (Connection ignored = pools.get(words[1]).getConnection()) {
                    return "borrowed";
                }
            case "query":
                return withConnection(
                        words[1],
                        c -> {
                            try (Statement s = c.createStatement()) {
                                s.setQueryTimeout(queryTimeoutSeconds);
                                return rows(s.executeQuery(words[2]));
                            }
                        });
            case "prepared":
                return withConnection(
                        words[1],
                        c -> {
                            try (PreparedStatement s = c.prepareStatement(words[2])) {
                                s.setQueryTimeout(queryTimeoutSeconds);
                                return rows(s.executeQuery());
                            }
                        });
            case "update":
                return withConnection(
                        words[1],
                        c -> {
                            try (Statement s = c.createStatement()) {
                                return "updated " + s.executeUpdate(words[2]);
                            }
                        });
            case "commit":
                return withConnection(
                        words[1],
                        c -> {
                            c.setAutoCommit(false);
                            try (Statement s = c.createStatement()) {
                                s.executeUpdate(words[2]);
                                c.commit();
                                return "committed";
                            } catch (SQLException e) {
                                c.rollback();
                                throw e;
                            } finally {
                                c.setAutoCommit(true);
                            }
                        });
            default:
                throw new IllegalArgumentException("unknown command " + verb);
        }
    }

    private interface SqlWork {
        String run(Connection connection) throws SQLException;
    }

    private String withConnection(String name, SqlWork work) throws SQLException {
        DataSource pool = pools.get(name);
        if (pool != null) {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            }
        }
        Connection c = connections.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no connection or pool named " + name);
        }
        return work.run(c);
    }

    private static String rows(ResultSet rs) throws SQLException {
        int rows = 0;
        while (rs.next()) {
            rows++;
        }
        return "rows " + rows;
    }
}
