// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL server for the whole test run, on a loopback port, stopped when the tests
 * end.
 */
final class Postgres {
    private static EmbeddedPostgres server;

    private Postgres() {}

    static synchronized String url() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            server.close();
                                        } catch (IOException ignored) {
                                            // the process is exiting anyway
                                        }
                                    }));
        }
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
    }

    static String user() {
        return "postgres";
    }

    static String password() {
        return "postgres";
    }
}
