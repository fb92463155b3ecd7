// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The code under test of this module's tests: stock from PostgreSQL (through HikariCP) and prices
 * from an HTTP service, each with a fallback. Stock waits 1 s for the database and then answers
 * {@link #UNKNOWN_STOCK}; a price answers {@link #LIST_PRICE} when the service fails or answers an
 * error. One shop for the whole test JVM, on the embedded PostgreSQL and a loopback HTTP server.
 */
final class Shop {
    static final int UNKNOWN_STOCK = -1;
    static final String LIST_PRICE = "list-price";
    static final Duration STOCK_WAIT = Duration.ofSeconds(1);

    private static Shop shop;

    final HikariDataSource pool;
    final LoopbackHttpServer prices;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService workers =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "shop-worker");
                        t.setDaemon(true);
                        return t;
                    });

    private Shop() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Postgres.url());
        config.setUsername(Postgres.user());
        config.setPassword(Postgres.password());
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(3000);
        config.setPoolName("shop");
        pool = new HikariDataSource(config);
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "create table if not exists inventory (sku text primary key, quantity int not null)");
            s.execute("insert into inventory values ('A', 7) on conflict (sku) do nothing");
        }
        prices = new LoopbackHttpServer();
    }

    static synchronized Shop get() throws Exception {
        if (shop == null) {
            shop = new Shop();
        }
        return shop;
    }

    /**
     * The stock of an item, or {@link #UNKNOWN_STOCK} when the database has not answered within
     * {@link #STOCK_WAIT}.
     */
    int stock(String sku) throws Exception {
        CompletableFuture<Integer> query =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return readStock(sku);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        workers);
        try {
            return query.get(STOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return UNKNOWN_STOCK;
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** The stock read straight from the database, no fallback. */
    int readStock(String sku) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rows =
                        s.executeQuery(
                                "select quantity from inventory where sku = '" + sku + "'")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** A query that does not touch the inventory. */
    int ping() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The price service's answer for an item, or {@link #LIST_PRICE} when it fails. */
    String price(String sku) {
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + prices.port()
                                                            + "/price/"
                                                            + sku))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : LIST_PRICE;
        } catch (Exception e) {
            return LIST_PRICE;
        }
    }
}
