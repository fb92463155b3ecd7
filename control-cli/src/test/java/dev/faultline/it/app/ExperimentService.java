// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;

/**
 * A small HTTP service on 127.0.0.1 for the experiment runner's tests: stock reads go through a
 * HikariCP pool (pool-experiment, its MBeans registered) to an in-memory H2 database, behind a
 * circuit breaker that opens after three failures in a row and tries again after 1.5 s.
 *
 * <pre>
 * GET /health   {"status":"UP","breaker":"CLOSED"}
 * GET /stock    200 {"quantity":5}; 500 when the read fails; 503 while the breaker is open
 * GET /breaker  {"state":"CLOSED"|"OPEN"|"HALF_OPEN"}
 * </pre>
 *
 * On stdin, the test applications' protocol ({@link CommandLoop}): {@code port} answers {@code
 * port=N}.
 */
public final class ExperimentService {
    private static final int FAILURES_TO_OPEN = 3;
    private static final long OPEN_MILLIS = 1500;

    private final HikariDataSource pool;
    private int failuresInARow;
    private long openedAt = -1;

    private ExperimentService() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:experiment;DB_CLOSE_DELAY=-1");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(1000);
        config.setPoolName("pool-experiment");
        config.setRegisterMbeans(true);
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("create table inventory(id int primary key, quantity int)");
            s.executeUpdate("insert into inventory values (1, 5)");
        }
    }

    public static void main(String[] args) throws Exception {
        ExperimentService service = new ExperimentService();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext(
                "/health",
                exchange ->
                        answer(
                                exchange,
                                200,
                                "{\"status\":\"UP\",\"breaker\":\"" + service.state() + "\"}"));
        server.createContext(
                "/breaker",
                exchange -> answer(exchange, 200, "{\"state\":\"" + service.state() + "\"}"));
        server.createContext("/stock", service::stock);
        server.start();
        CommandLoop.serve(
                words -> {
                    if (words[0].equals("port")) {
                        return "port=" + server.getAddress().getPort();
                    }
                    throw new IllegalArgumentException("unknown command " + words[0]);
                });
        server.stop(0);
        System.exit(0);
    }

    private synchronized String state() {
        if (openedAt < 0) {
            return "CLOSED";
        }
        return System.currentTimeMillis() - openedAt < OPEN_MILLIS ? "OPEN" : "HALF_OPEN";
    }

    private void stock(HttpExchange exchange) throws IOException {
        if (state().equals("OPEN")) {
            answer(exchange, 503, "{\"error\":\"breaker open\"}");
            return;
        }
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select quantity from inventory where id = 1")) {
            rows.next();
            int quantity = rows.getInt(1);
            synchronized (this) {
                failuresInARow = 0;
                openedAt = -1;
            }
            answer(exchange, 200, "{\"quantity\":" + quantity + "}");
        } catch (SQLException e) {
            synchronized (this) {
                if (++failuresInARow >= FAILURES_TO_OPEN || openedAt >= 0) {
                    openedAt = System.currentTimeMillis();
                }
            }
            answer(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
