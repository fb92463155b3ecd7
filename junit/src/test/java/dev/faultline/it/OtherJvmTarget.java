// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import dev.faultline.it.app.JdbcWorkload;

/**
 * The agent tests' JDBC application under a main class of its own, so that attach by name finds
 * exactly this JVM.
 */
public final class OtherJvmTarget {
    private OtherJvmTarget() {}

    public static void main(String[] args) throws Exception {
        JdbcWorkload.main(args);
    }
}
