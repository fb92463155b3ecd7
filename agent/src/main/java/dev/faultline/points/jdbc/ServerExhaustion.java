// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.ActiveFault;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * One {@code jdbc.server exhaust} fault at work: with the URL and credentials of a pool the
 * application uses, and the application's own driver, opens connections to the database server
 * until it refuses one (or {@code max} are open), and holds them until the fault ends.
 */
final class ServerExhaustion implements ExhaustionWorkers.Work {
    /** Above this the agent stops even if the server would take more. */
    static final int SAFETY_LIMIT = 10_000;

    private final ActiveFault fault;
    private final SeenDataSources pools;
    private final List<Connection> held = new ArrayList<>();
    private volatile String state = "waiting for the application to use a matching DataSource";
    private volatile String refusal;

    ServerExhaustion(ActiveFault fault, SeenDataSources pools) {
        this.fault = fault;
        this.pools = pools;
    }

    @Override
    public void run() {
        try {
            DataSource source = awaitDataSourceWithUrl();
            if (source == null) {
                return; // the fault ended before the application used a matching DataSource
            }
            String url = JdbcUrls.of(source);
            Properties credentials = credentials(source);
            Driver driver = driverFor(url, source.getClass().getClassLoader());
            int wanted = fault.spec().get(ExhaustPoint.MAX);
            int max = wanted == 0 ? SAFETY_LIMIT : wanted;
            state = "opening connections to " + url;
            while (!fault.hasEnded() && count() < max) {
                try {
                    Connection connection = driver.connect(url, credentials);
                    synchronized (this) {
                        if (fault.hasEnded()) {
                            connection.close();
                            return;
                        }
                        held.add(connection);
                    }
                } catch (SQLException refused) {
                    refusal = refused.getMessage() + " (SQLState " + refused.getSQLState() + ")";
                    break;
                }
            }
            state =
                    "holding "
                            + count()
                            + " connection(s) to "
                            + url
                            + (refusal == null ? "" : "; the server refused the next");
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            state = "could not open connections: " + e;
        }
    }

    /**
     * The first matching DataSource whose URL can be read, waiting for it as long as the fault
     * lasts.
     */
    private DataSource awaitDataSourceWithUrl() throws InterruptedException {
        List<DataSource> known = new ArrayList<>();
        while (!fault.hasEnded()) {
            for (DataSource source : pools.awaitMatching(fault, known)) {
                if (JdbcUrls.of(source) != null) {
                    return source;
                }
                known.add(source);
            }
        }
        return null;
    }

    @Override
    public synchronized void release() {
        held.forEach(ExhaustPoint::closeQuietly);
        held.clear();
        state = "released";
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state);
        out.put("open", count());
        if (refusal != null) {
            out.put("refusal", refusal);
        }
        return out;
    }

    private synchronized int count() {
        return held.size();
    }

    /**
     * The user and password the application's DataSource connects with (HikariCP, DBCP2, Tomcat,
     * PostgreSQL's own).
     */
    private static Properties credentials(DataSource source) {
        Properties properties = new Properties();
        String user = firstString(source, "getUsername", "getUser");
        String password = firstString(source, "getPassword");
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    private static String firstString(Object target, String... getters) {
        for (String getter : getters) {
            try {
                Method method = target.getClass().getMethod(getter);
                Object value = method.invoke(target);
                if (value instanceof String) {
                    return (String) value;
                }
            } catch (ReflectiveOperationException | RuntimeException next) {
                // try the next convention
            }
        }
        return null;
    }

    /**
     * The application's driver for the URL: registered with DriverManager, or found beside the
     * DataSource.
     */
    private static Driver driverFor(String url, ClassLoader applicationLoader) throws SQLException {
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException notVisibleHere) {
            for (Driver driver : ServiceLoader.load(Driver.class, applicationLoader)) {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            }
            throw notVisibleHere;
        }
    }
}
