// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import dev.faultline.junit.Faults;

/**
 * Asks for the agent in its own JVM and prints what happened (one line), for a JVM started with
 * options that forbid it.
 */
public final class SelfAttachProbe {
    private SelfAttachProbe() {}

    public static void main(String[] args) {
        try {
            Faults.inThisJvm();
            System.out.println("loaded");
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
