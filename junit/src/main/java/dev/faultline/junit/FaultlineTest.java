// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers the {@link FaultlineExtension} on a test class (the same as
 * {@code @ExtendWith(FaultlineExtension.class)}): a {@link Faults} parameter for the test JVM, and
 * no fault left behind after any test of the class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(FaultlineExtension.class)
public @interface FaultlineTest {}
