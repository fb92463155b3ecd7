// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call under a 100 ms {@code delay} fault, sampled one by one: how far the injected delay strays
 * from what was asked. {@link OverheadReport} runs it with the fault enabled from a config file;
 * {@link DelayAccuracyReport} runs it beside the same call on eight threads at once, and beside
 * seven threads that keep the cores busy with calls the fault does not match.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 4)
public class DelayAccuracyBenchmark {
    static final String DELAYED_SQL = "select * from delayed_table";
    static final long DELAY_MILLIS = 100;

    /** SQL the fault does not match: instrumented calls that reach the fault's match and go on. */
    static final String OTHER_SQL = "select * from other_table";

    private final Statement noop = new NoopStatement();

    @Benchmark
    public ResultSet delayedCall() throws SQLException {
        return noop.executeQuery(DELAYED_SQL);
    }

    /** Eight callers delayed at once: each waits on its own, none waits for another's delay. */
    @Benchmark
    @Threads(8)
    public ResultSet delayedCallEightThreads() throws SQLException {
        return noop.executeQuery(DELAYED_SQL);
    }

    /**
     * A delayed call while seven threads keep the two cores busy (each call looked up against the
     * active fault and passed on): the delay must end on time although its thread has to win a core
     * back to wake.
     */
    @Benchmark
    @Group("underLoad")
    @GroupThreads(1)
    public ResultSet delayedCallUnderLoad() throws SQLException {
        return noop.executeQuery(DELAYED_SQL);
    }

    @Benchmark
    @Group("underLoad")
    @GroupThreads(7)
    public ResultSet unmatchedCallsAsLoad() throws SQLException {
        return noop.executeQuery(OTHER_SQL);
    }
}
