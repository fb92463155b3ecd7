// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The calls of {@link JdbcCallBenchmark} and {@link NetworkCallBenchmark}, made on targets that
 * {@code bench/peer/faultline.json} and {@code bench/peer/byteman.btm} fault, so that {@link
 * PeerCompareReport} can time a fault (or rule) that fires beside one that is armed elsewhere.
 *
 * <p>Each call's outcome is counted. With {@code -Dpeer.expect=fire} every call of the error
 * benchmarks must fail and the delayed one must take at least the delay; with {@code pass} none may
 * fail. A trial that breaks that fails at its tear-down, so that a rule or fault that silently did
 * not load cannot pass for a fast one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class PeerFiringBenchmark {
    /** The SQL both tools fail (Statement and PreparedStatement), and the one both delay. */
    static final String FAILING_SQL = "select item from failing_orders where id = 1";

    static final String FAILING_PREPARED_SQL = "select item from failing_orders where id = ?";
    static final String SLOW_SQL = "select item from slow_orders where id = 1";

    /** The delay both tools inject into {@link #SLOW_SQL}. */
    static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The name both tools fail to resolve, and the host of the request both fail. */
    static final String FAILING_HOST = "localhost";

    private static final MediaType TEXT = MediaType.parse("text/plain");

    private final Statement noop = new NoopStatement();
    private final OkHttpClient okHttp =
            new OkHttpClient.Builder().addInterceptor(PeerFiringBenchmark::answer).build();
    private final Request request =
            new Request.Builder().url("http://failing.internal:8080/orders/1").build();
    private Connection h2;
    private PreparedStatement h2Query;

    private long calls;
    private long failures;
    private long shortestNanos = Long.MAX_VALUE;

    private static Response answer(Interceptor.Chain chain) {
        return new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(200)
                .message("OK")
                .body(ResponseBody.create("ok", TEXT))
                .build();
    }

    @Setup(Level.Trial)
    public void openDatabase() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:peer");
        try (Statement setup = h2.createStatement()) {
            setup.execute("create table failing_orders(id int primary key, item int)");
            setup.execute("insert into failing_orders values (1, 1)");
        }
        h2Query = h2.prepareStatement(FAILING_PREPARED_SQL);
        h2Query.setInt(1, 1);
    }

    @TearDown(Level.Trial)
    public void check() throws SQLException {
        h2.close();
        String expect = System.getProperty("peer.expect", "");
        // Only the delay benchmark sets shortestNanos.
        boolean delayed = shortestNanos != Long.MAX_VALUE;
        String outcome =
                delayed
                        ? "shortest call " + shortestNanos + " ns"
                        : failures + " of " + calls + " calls failed";
        boolean fine =
                expect.equals("fire")
                        ? (delayed ? shortestNanos >= DELAY_NANOS : failures == calls && calls > 0)
                        : !expect.equals("pass")
                                || (delayed ? shortestNanos < DELAY_NANOS : failures == 0);
        if (!fine) {
            throw new IllegalStateException("peer.expect=" + expect + " but " + outcome);
        }
    }

    /** {@code Statement.executeQuery} failed by both tools with a broken connection. */
    @Benchmark
    public Object noopStatementError() {
        calls++;
        try {
            return noop.executeQuery(FAILING_SQL);
        } catch (SQLException e) {
            failures++;
            return e;
        }
    }

    /** {@code Statement.executeQuery} delayed 1 ms by both tools. */
    @Benchmark
    public Object noopStatementDelay() throws SQLException {
        long start = System.nanoTime();
        ResultSet rs = noop.executeQuery(SLOW_SQL);
        shortestNanos = Math.min(shortestNanos, System.nanoTime() - start);
        return rs;
    }

    /** A real H2 prepared query failed by both tools. */
    @Benchmark
    public Object h2PreparedQueryError() {
        calls++;
        try (ResultSet rs = h2Query.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        } catch (SQLException e) {
            failures++;
            return e;
        }
    }

    /** A lookup of a name (not a literal, which Faultline never faults) that both tools fail. */
    @Benchmark
    public Object nameLookupError() {
        calls++;
        try {
            return InetAddress.getByName(FAILING_HOST);
        } catch (UnknownHostException e) {
            failures++;
            return e;
        }
    }

    /** OkHttp's call path, failed by both tools as a refused connection. */
    @Benchmark
    public Object okHttpCallError() {
        calls++;
        try (Response response = okHttp.newCall(request).execute()) {
            return response.code();
        } catch (IOException e) {
            failures++;
            return e;
        }
    }
}
