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
 * A call under a 100 ms {@code delay} fault, sampled one by one: how far the injected delay strays
 * from what was asked. {@link OverheadReport} runs it with the fault enabled from a config file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 4)
public class DelayAccuracyBenchmark {
    static final String DELAYED_SQL = "select * from delayed_table";
    static final long DELAY_MILLIS = 100;

    private final Statement noop = new NoopStatement();

    @Benchmark
    public ResultSet delayedCall() throws SQLException {
        return noop.executeQuery(DELAYED_SQL);
    }
}
