// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fault active in the test JVM while each test runs: declared on a test method, or on its class
 * for every test of it. Enabled before the test ({@code @BeforeEach} methods included), disabled
 * after it whatever the outcome.
 *
 * <pre>{@code
 * @Test
 * @InjectFault(point = "jdbc.execute", action = "delay", delay = "2s", match = "sql=(?i)from inventory", id = "slow-inventory")
 * void answersWithTheFallbackWhenInventoryIsSlow(Faults faults) { ... faults.handle("slow-inventory").injected() ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(InjectFaults.class)
@ExtendWith(FaultlineExtension.class)
public @interface InjectFault {

    /** The point's spec name ({@code jdbc.execute}). */
    String point();

    /** The action ({@code delay}, {@code error}, {@code hang}, {@code status} ...). */
    String action();

    /** The delay of a {@code delay} fault ({@code 500ms}, {@code 2s}, {@code 100ms..900ms}). */
    String delay() default "";

    /**
     * Match patterns, each {@code key=regex} ({@code sql=(?i)from inventory}, {@code
     * host=^inventory$}).
     */
    String[] match() default {};

    /**
     * Other spec fields, each {@code field=value} ({@code sqlState=40001}, {@code code=503}, {@code
     * error=timeout}).
     */
    String[] with() default {};

    /** The share of matching calls to act on. */
    double probability() default 1.0;

    /**
     * How long the fault lasts at most ({@code 30s}); {@link FaultBuilder#DEFAULT_DURATION} when
     * empty.
     */
    String duration() default "";

    /** The fault's id, to find its handle with {@link Faults#handle(String)}. */
    String id() default "";
}
