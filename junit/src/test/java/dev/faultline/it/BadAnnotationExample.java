// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import dev.faultline.junit.InjectFault;
import org.junit.jupiter.api.Test;

/**
 * Run by {@link ExtensionTest}: the second fault is wrong, so the test does not run and the first
 * is not left behind.
 */
class BadAnnotationExample {

    @Test
    @InjectFault(point = "jdbc.execute", action = "delay", delay = "1s", id = "fine")
    @InjectFault(point = "jdbc.execute", action = "hang", match = "host=db")
    void neverRuns() {
        throw new AssertionError("the test ran although its faults could not be enabled");
    }
}
