// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * A running JDBC service for attach.sh: reads from H2 every few milliseconds and prints the wall
 * clock time of the first read that takes longer than {@code args[0]} ms, then exits (or after
 * {@code args[1]} seconds, whichever comes first).
 */
public final class AttachTarget {
    private AttachTarget() {}

    public static void main(String[] args) throws Exception {
        long slowMillis = Long.parseLong(args[0]);
        long deadline = System.currentTimeMillis() + Long.parseLong(args[1]) * 1000;
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:attach");
                PreparedStatement read = c.prepareStatement("select 1")) {
            System.out.println("ready " + ProcessHandle.current().pid());
            while (System.currentTimeMillis() < deadline) {
                long start = System.nanoTime();
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                }
                if ((System.nanoTime() - start) / 1_000_000 >= slowMillis) {
                    System.out.println(
                            "slow-read-started-at "
                                    + (System.currentTimeMillis()
                                            - (System.nanoTime() - start) / 1_000_000));
                    // Stay a moment: the attach that enabled the fault may still be waiting for
                    // its answer, which an exiting JVM would cut off.
                    Thread.sleep(3_000);
                    return;
                }
                Thread.sleep(5);
            }
            System.out.println("no slow read");
        }
    }
}
