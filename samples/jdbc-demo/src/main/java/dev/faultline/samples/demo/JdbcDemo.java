// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.demo;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A tiny inventory service on an embedded H2 database that reads stock in a loop, while faults are
 * switched on and off through the agent's JMX MBean, as an operator would from jconsole. Run it
 * with {@code -javaagent:faultline-agent.jar}; the output shows what the service sees in each
 * phase.
 */
public final class JdbcDemo {
    private static final String STOCK_QUERY = "select quantity from inventory where sku = ?";
    private static final long PHASE_MILLIS = 3000;

    private JdbcDemo() {}

    public static void main(String[] args) throws Exception {
        ObjectName faults = new ObjectName("dev.faultline:type=Faults");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        // The agent registers its MBean beside the application's start; give it a moment.
        for (int i = 0; i < 100 && !jmx.isRegistered(faults); i++) {
            Thread.sleep(50);
        }
        if (!jmx.isRegistered(faults)) {
            System.err.println(
                    "The Faultline agent is not attached: run with -javaagent:agent/target/faultline-agent.jar");
            System.exit(2);
        }
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:inventory")) {
            try (Statement setup = db.createStatement()) {
                setup.execute("create table inventory(sku varchar(16) primary key, quantity int)");
                setup.execute("insert into inventory values ('espresso', 42), ('filter', 7)");
            }
            phase(db, "steady state: no fault", null, jmx, faults);
            phase(
                    db,
                    "slow database: every stock read takes 300ms more",
                    "{\"id\": \"slow-stock\", \"point\": \"jdbc.execute\","
                            + " \"action\": \"delay\", \"delay\": \"300ms\", \"match\": {\"sql\": \"(?i)from inventory\"}}",
                    jmx,
                    faults);
            phase(
                    db,
                    "contention: half the reads fail with a serialization failure",
                    "{\"id\": \"serialization-failures\","
                            + " \"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"40001\", \"probability\": 0.5, \"seed\": 7}",
                    jmx,
                    faults);
            phase(db, "recovered: faults disabled", null, jmx, faults);
            System.out.println(
                    "Active faults at the end: "
                            + jmx.invoke(faults, "list", new Object[0], new String[0]));
        }
    }

    /** Switches to one fault (or none) and reads stock for a few seconds, printing each outcome. */
    private static void phase(
            Connection db, String title, String faultJson, MBeanServer jmx, ObjectName faults)
            throws Exception {
        jmx.invoke(faults, "disableAll", new Object[0], new String[0]);
        System.out.println();
        System.out.println("== " + title);
        if (faultJson != null) {
            Object id =
                    jmx.invoke(
                            faults,
                            "enable",
                            new Object[] {faultJson},
                            new String[] {String.class.getName()});
            System.out.println("   (operator) enabled fault " + id);
        }
        long end = System.currentTimeMillis() + PHASE_MILLIS;
        while (System.currentTimeMillis() < end) {
            System.out.println(
                    "   "
                            + LocalTime.now().truncatedTo(ChronoUnit.MILLIS)
                            + "  "
                            + readStock(db, "espresso"));
            Thread.sleep(200);
        }
    }

    private static String readStock(Connection db, String sku) {
        long start = System.nanoTime();
        try (PreparedStatement read = db.prepareStatement(STOCK_QUERY)) {
            read.setString(1, sku);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return String.format(
                        "%4d ms  ok     %s stock %d", elapsed(start), sku, rs.getInt(1));
            }
        } catch (SQLException e) {
            return String.format(
                    "%4d ms  FAILED %s (SQLState %s): %s",
                    elapsed(start), e.getClass().getSimpleName(), e.getSQLState(), e.getMessage());
        }
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
