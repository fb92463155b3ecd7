// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
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
 * The real case for {@code jdbc.execute}: PostgreSQL's own driver running a prepared query against
 * a real server over loopback (an embedded PostgreSQL, started once per fork). {@link
 * OverheadReport} runs it without the agent, with the agent idle, and with a fault on another SQL
 * pattern.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class PostgresCallBenchmark {
    private EmbeddedPostgres server;
    private Connection connection;
    private PreparedStatement query;

    @Setup(Level.Trial)
    public void startServer() throws IOException, SQLException, InterruptedException {
        AgentReady.await();
        server = EmbeddedPostgres.builder().start();
        connection =
                server.getPostgresDatabase().getConnection(); // the driver's own, no pool between
        try (Statement setup = connection.createStatement()) {
            setup.execute("create table orders(id int primary key, item int)");
            setup.execute("insert into orders values (1, 1)");
        }
        query = connection.prepareStatement("select item from orders where id = ?");
        query.setInt(1, 1);
    }

    @TearDown(Level.Trial)
    public void stopServer() throws IOException, SQLException {
        connection.close();
        server.close();
    }

    /** One round trip to the server: a prepared query, read to its end. */
    @Benchmark
    public int postgresPreparedQuery() throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }
}
