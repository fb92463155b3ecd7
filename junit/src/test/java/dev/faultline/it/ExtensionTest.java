// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.faultline.junit.Faults;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension, by running example test classes with JUnit's own engine and reading their
 * outcomes.
 */
class ExtensionTest {

    @Test
    void faultsFromAnnotationsAndParametersEndAfterEveryTestWhateverItsOutcome() throws Exception {
        Shop.get();
        EngineExecutionResults results = run(FallbackExample.class, false);
        Map<String, Throwable> failures = failures(results);
        assertThat(failures.keySet()).containsExactly("failsWhileItsFaultIsActive()");
        Throwable failure = failures.get("failsWhileItsFaultIsActive()");
        assertThat(failure).isInstanceOf(SQLException.class);
        assertThat(((SQLException) failure).getSQLState()).isEqualTo("40001");
        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(4).failed(1));
        assertThat(Faults.inThisJvm().active()).isEmpty();
    }

    @Test
    void classLevelFaultsApplyToEveryTest() throws Exception {
        Shop.get();
        EngineExecutionResults results = run(ClassLevelExample.class, false);
        assertThat(failures(results)).isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(Faults.inThisJvm().active()).isEmpty();
    }

    @Test
    void aBadAnnotationFailsTheTestNamingItAndLeavesNothing() {
        EngineExecutionResults results = run(BadAnnotationExample.class, false);
        Throwable failure = failures(results).get("neverRuns()");
        assertThat(failure).isInstanceOf(IllegalArgumentException.class);
        assertThat(failure.getMessage())
                .isEqualTo(
                        "@InjectFault(point = \"jdbc.execute\") on void dev.faultline.it.BadAnnotationExample.neverRuns():"
                                + " field 'match.host': jdbc.execute has no match key 'host'; expected one of sql, url");
        assertThat(Faults.inThisJvm().active()).isEmpty();
    }

    @Test
    void parallelExecutionIsRefusedUnlessTheClassIsIsolated() {
        EngineExecutionResults results = run(ParallelExample.class, true);
        Map<String, Throwable> failures = failures(results);
        assertThat(failures.keySet()).containsExactly("ParallelExample");
        assertThat(failures.get("ParallelExample").getMessage())
                .isEqualTo(
                        "Faultline faults act on the whole JVM, so they would hit tests running"
                                + " in parallel beside dev.faultline.it.ParallelExample: with junit.jupiter.execution.parallel.enabled=true, annotate the class"
                                + " with @org.junit.jupiter.api.parallel.Isolated (it then runs alone), or turn parallel execution off");
        EngineExecutionResults isolated = run(ParallelExample.IsolatedExample.class, true);
        isolated.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    private static EngineExecutionResults run(Class<?> testClass, boolean parallel) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(
                        "junit.jupiter.execution.parallel.enabled", String.valueOf(parallel))
                .selectors(selectClass(testClass))
                .execute();
    }

    /** Failed tests and containers, by display name, with what they threw. */
    private static Map<String, Throwable> failures(EngineExecutionResults results) {
        return results.allEvents().failed().stream()
                .collect(
                        Collectors.toMap(
                                (Event event) -> event.getTestDescriptor().getDisplayName(),
                                (Event event) ->
                                        event.getPayload(TestExecutionResult.class)
                                                .flatMap(TestExecutionResult::getThrowable)
                                                .orElseThrow()));
    }
}
