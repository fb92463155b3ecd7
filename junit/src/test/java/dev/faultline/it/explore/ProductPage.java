// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.explore;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The code explored by the explore-mode tests: a product page from PostgreSQL (through HikariCP)
 * and a reviews service (HTTP). It handles some failures and, on purpose, not others:
 *
 * <ul>
 *   <li>the product's name: waited for at most 500 ms, any failure gives {@link #UNKNOWN_NAME} —
 *       every failure handled;
 *   <li>the reviews: waited for at most 500 ms, any failure gives no reviews — every failure
 *       handled;
 *   <li>the view counter: an SQL error is ignored (views are best effort), but nothing bounds its
 *       wait — slow and hung calls not handled;
 *   <li>the stock: no fallback at all — nothing handled.
 * </ul>
 */
public final class ProductPage implements AutoCloseable {
    public static final String UNKNOWN_NAME = "(unknown)";
    static final long WAIT_MILLIS = 500;

    public record Page(String name, String reviews, int stock) {}

    private final HikariDataSource pool;
    private final String reviewsUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService workers =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "product-page");
                        t.setDaemon(true);
                        return t;
                    });

    public ProductPage(String jdbcUrl, String user, String password, String reviewsUrl)
            throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(6);
        config.setPoolName("product-page");
        pool = new HikariDataSource(config);
        this.reviewsUrl = reviewsUrl;
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "create table if not exists product (sku text primary key, name text not null, quantity int not null, views int not null)");
            s.execute(
                    "insert into product values ('A', 'Anvil', 3, 0) on conflict (sku) do nothing");
        }
    }

    public Page render(String sku) throws SQLException {
        String name = name(sku);
        String reviews = reviews(sku);
        countView(sku);
        return new Page(name, reviews, stock(sku));
    }

    private String name(String sku) {
        CompletableFuture<String> query =
                CompletableFuture.supplyAsync(() -> readName(sku), workers);
        try {
            return query.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return UNKNOWN_NAME;
        }
    }

    // A method of its own rather than the lambda's body: the call site's name is then the same
    // whatever the compiler names lambdas.
    private String readName(String sku) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement("select name from product where sku = ?")) {
            s.setString(1, sku);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getString(1) : UNKNOWN_NAME;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String reviews(String sku) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(reviewsUrl + "/reviews/" + sku)).build();
        try {
            HttpResponse<String> response =
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                            .get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    private void countView(String sku) {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement("update product set views = views + 1 where sku = ?")) {
            s.setString(1, sku);
            s.executeUpdate();
        } catch (SQLException e) {
            // Views are best effort: a lost count is no reason to fail the page.
        }
    }

    private int stock(String sku) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement s =
                        c.prepareStatement("select quantity from product where sku = ?")) {
            s.setString(1, sku);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        pool.close();
    }
}
