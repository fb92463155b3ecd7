// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
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
 * One JDBC call, instrumented by the agent. {@link OverheadReport} runs it without the agent, with
 * the agent idle, and with a fault active on another SQL pattern, and reports the differences.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class JdbcCallBenchmark {
    private final Statement noop = new NoopStatement();
    private Connection h2;
    private PreparedStatement h2Query;

    @Setup(Level.Trial)
    public void openDatabase() throws SQLException, InterruptedException {
        AgentReady.await();
        h2 = DriverManager.getConnection("jdbc:h2:mem:bench");
        try (Statement setup = h2.createStatement()) {
            setup.execute("create table orders(id int primary key, item int)");
            setup.execute("insert into orders values (1, 1)");
        }
        h2Query = h2.prepareStatement("select item from orders where id = ?");
        h2Query.setInt(1, 1);
    }

    @TearDown(Level.Trial)
    public void closeDatabase() throws SQLException {
        h2.close();
    }

    /** The instrumentation's own cost: a Statement whose executeQuery does nothing. */
    @Benchmark
    public ResultSet noopStatementExecuteQuery() throws SQLException {
        return noop.executeQuery("select item from orders where id = 1");
    }

    /** A real driver: an H2 in-memory prepared query, read to its end. */
    @Benchmark
    public int h2PreparedQuery() throws SQLException {
        try (ResultSet rs = h2Query.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }
}
