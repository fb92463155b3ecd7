// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Explores the failures a test's code meets, instead of only the ones someone thought of: the test
 * runs once recording every instrumented call it makes (point, call site, match values such as the
 * SQL, host and path, topic), then once per recorded call and applicable failure, each time with
 * that one fault aimed at that one call. Each run is a JUnit result: a run that fails is a failure
 * the code does not handle. A summary (JSON and Markdown) goes to {@code target/faultline-explore/}
 * (or {@code -Dfaultline.explore.dir}).
 *
 * <pre>{@code
 * @FaultlineExplore(slow = "1500ms", timeout = "3s")
 * void rendersAProductPageWithinOneSecond() {
 *     long start = System.nanoTime();
 *     Page page = productPage.render("A");
 *     assertThat(page.name()).isNotNull();
 *     assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p>The test must be deterministic enough that its second run makes the calls of its first: a
 * recorded call the run does not make again is reported as not reached (an aborted run), not as
 * handled. Faults act on the whole JVM: explore runs one test at a time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith({FaultlineExtension.class, ExploreExtension.class})
public @interface FaultlineExplore {

    /** The failures to try at each call, in this order, where the call's point has them. */
    enum Failure {
        /**
         * The library's own exception for the point's usual failure ({@code error} with its
         * default).
         */
        ERROR,
        /**
         * The library's timeout exception ({@code error: timeout}), for the points that have one
         * (HTTP, sockets).
         */
        TIMEOUT,
        /** The call proceeds after {@link #slow()} ({@code delay}). */
        SLOW,
        /**
         * No answer ({@code hang}): until the caller's own timeout, or until {@link #timeout()}
         * ends the fault.
         */
        HANG
    }

    /** Packages (or classes) whose frames are call sites; the test class's package when empty. */
    String[] packages() default {};

    /** The points to record; every point whose calls can be recorded when empty. */
    String[] points() default {};

    /** The failures to try. */
    Failure[] failures() default {Failure.ERROR, Failure.TIMEOUT, Failure.SLOW, Failure.HANG};

    /** The delay of a {@link Failure#SLOW} call ({@code 500ms}, {@code 2s}). */
    String slow() default "2s";

    /**
     * How long each run's fault lasts: a hang the code does not bound ends then, and the run fails
     * as unhandled when it took that long.
     */
    String timeout() default "10s";

    /**
     * The most runs after the recording one; calls and failures beyond it are listed as not run.
     */
    int maxRuns() default 50;
}
