// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls under a 1 ns {@code delay} fault (the shortest there is), so that the injection path is
 * timed without a delay to hide it, and calls the same fault does not match. {@link
 * FlightRecorderReport} runs it without a recording and with one, to show what the {@code
 * dev.faultline.Injection} events cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InjectionEventBenchmark {
    static final String INJECTED_SQL = "select * from injected_table";

    private final Statement noop = new NoopStatement();

    /**
     * A call the fault acts on: decided, counted, delayed by 1 ns, and recorded when a recording
     * runs.
     */
    @Benchmark
    public ResultSet injectedCall() throws SQLException {
        return noop.executeQuery(INJECTED_SQL);
    }

    /** A call the fault does not match: never reaches the events. */
    @Benchmark
    public ResultSet unmatchedCall() throws SQLException {
        return noop.executeQuery("select * from other_table");
    }
}
