// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code jdbc.server exhaust} against a PostgreSQL server of its own with a small {@code
 * max_connections}: the application's new connections meet PostgreSQL's own refusal until the fault
 * ends.
 */
class ServerExhaustionIT {

    @Test
    void theServerRefusesNewConnectionsUntilTheFaultEnds() throws Exception {
        try (EmbeddedPostgres server =
                        EmbeddedPostgres.builder()
                                .setServerConfig("max_connections", "12")
                                .start();
                ChildJvm app = ChildJvm.start(Jdk.current(), ChildJvm.javaagent(null));
                Jmx jmx = Jmx.connect(app.pid())) {
            String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
            assertThat(app.send("hikari small " + url + " postgres postgres").ok).isTrue();
            jmx.enable(
                    "{\"id\": \"server-full\", \"point\": \"jdbc.server\", \"action\": \"exhaust\", \"match\": {\"url\": \":"
                            + server.getPort()
                            + "/\"}}");
            assertThat(app.send("borrow small").ok)
                    .isTrue(); // the application borrows: the agent finds the DataSource
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!jmx.list().contains("the server refused the next")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(jmx.list())
                    .contains(
                            "\"refusal\":\"FATAL: sorry, too many clients already (SQLState 53300)\"");

            Reply refused = app.send("connect fresh " + url + " postgres postgres");
            assertThat(refused.ok).isFalse();
            assertThat(refused.sqlState()).isEqualTo("53300");
            assertThat(refused.message()).isEqualTo("FATAL: sorry, too many clients already");

            jmx.disable("server-full");
            assertThat(app.send("connect fresh " + url + " postgres postgres").ok).isTrue();
            assertThat(app.send("query fresh select 1").detail).isEqualTo("rows 1");
        }
    }
}
