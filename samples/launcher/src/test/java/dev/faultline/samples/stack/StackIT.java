// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sample system end to end, started by the real launcher as a user starts it: real PostgreSQL,
 * a real broker, every service a fat jar in its own JVM with the agent. On its own ports and state
 * directory, so that a stack a developer has up is not disturbed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackIT {
    private static final int BASE =
            28080; // PostgreSQL at 25432, the broker at 29092: below the ephemeral port range
    private static final String COORDINATION = "http://127.0.0.1:" + BASE;
    private static final String INVENTORY_1 = "http://127.0.0.1:" + (BASE + 2);
    private static final String ORDER = "http://127.0.0.1:" + (BASE + 4);
    private static final String ORDER_JSON = "{\"sku\": \"SKU-3\", \"quantity\": 2}";

    private final Path directory = Paths.get("target", "it-stack").toAbsolutePath();
    private Command up;

    @BeforeAll
    void up() throws Exception {
        up = stack("up", "--base-port", String.valueOf(BASE));
        assertThat(up.exitCode).as("samples/stack up\n%s", up).isZero();
    }

    @AfterAll
    void downInAnyCase() throws Exception {
        stack("down");
    }

    @Test
    @Order(1)
    void upStartsPostgresTheBrokerAndEveryServiceHealthy() throws Exception {
        assertThat(up.out).contains("stack up in");
        JsonNode state = status();
        assertThat(state.path("state").asText()).isEqualTo("up");
        assertThat(Processes.alive(state.path("postgres").path("pid").asLong())).isTrue();
        assertThat(Processes.alive(state.path("kafka").path("pid").asLong())).isTrue();
        List<String> names = new ArrayList<>();
        for (JsonNode service : state.path("services")) {
            names.add(service.path("name").asText());
            assertThat(service.path("status").asText()).as(service.toString()).isEqualTo("running");
            assertThat(service.path("health").asText()).as(service.toString()).isEqualTo("UP");
            assertThat(service.path("mode").asText()).isEqualTo("improved");
            assertThat(service.path("restarts").asInt()).isZero();
            assertThat(Processes.alive(service.path("pid").asLong())).isTrue();
        }
        assertThat(names)
                .containsExactly("coordination", "product", "inventory-1", "inventory-2", "order");
        // Every service registered itself with coordination, under its instance id.
        assertThat(
                        Http.get(COORDINATION + "/registry/inventory")
                                .body
                                .findValuesAsText("instanceId"))
                .containsExactlyInAnyOrder("inventory-1", "inventory-2");
        assertThat(Http.get(COORDINATION + "/registry/product").body.findValuesAsText("instanceId"))
                .containsExactly("product");
    }

    @Test
    @Order(2)
    void anOrderIsReservedStoredPublishedAndConsumedOnce() throws Exception {
        JsonNode eventsBefore = Http.get(INVENTORY_1 + "/events/stats").body;
        int stockBefore = Http.get(INVENTORY_1 + "/stock/SKU-3").body.path("quantity").asInt();

        Http placed = Http.post(ORDER + "/orders", ORDER_JSON);
        assertThat(placed.status).as(placed.toString()).isEqualTo(201);
        assertThat(placed.body.path("status").asText()).isEqualTo("RESERVED");
        String orderId = placed.body.path("orderId").asText();

        assertThat(Http.get(ORDER + "/orders/" + orderId).body.path("sku").asText())
                .isEqualTo("SKU-3");
        assertThat(Http.get(INVENTORY_1 + "/stock/SKU-3").body.path("quantity").asInt())
                .isEqualTo(stockBefore - 2);
        JsonNode eventsAfter =
                await(
                        "the order's event consumed",
                        () -> Http.get(INVENTORY_1 + "/events/stats").body,
                        events ->
                                events.path("processed").asLong()
                                        == eventsBefore.path("processed").asLong() + 1);
        assertThat(eventsAfter.path("duplicates").asLong())
                .isEqualTo(eventsBefore.path("duplicates").asLong());
        assertThat(eventsAfter.path("distinct").asLong())
                .isEqualTo(eventsBefore.path("distinct").asLong() + 1);
        JsonNode orders = Http.get(ORDER + "/orders/stats").body;
        assertThat(orders.path("outboxPending").asLong()).isZero();
        assertThat(orders.path("eventsFailed").asLong()).isZero();
        assertThat(Http.get(INVENTORY_1 + "/stock/consistency").body.path("consistent").asBoolean())
                .isTrue();
    }

    @Test
    @Order(3)
    void aServiceThatDiesIsStartedAgainByTheRestartPolicy() throws Exception {
        JsonNode before = status();
        long productPid = service(before, "product").path("pid").asLong();
        ProcessHandle.of(productPid).orElseThrow().destroyForcibly();

        JsonNode after =
                await(
                        "product started again and healthy",
                        this::status,
                        state -> {
                            JsonNode product = service(state, "product");
                            return product.path("pid").asLong() != productPid
                                    && "UP".equals(product.path("health").asText());
                        });
        JsonNode product = service(after, "product");
        assertThat(product.path("restarts").asInt()).isEqualTo(1);
        assertThat(product.path("lastExit").asText()).startsWith("exit code 137");
        for (String other : List.of("coordination", "inventory-1", "inventory-2", "order")) {
            assertThat(service(after, other).path("pid").asLong())
                    .as(other)
                    .isEqualTo(service(before, other).path("pid").asLong());
        }
        assertThat(Http.get("http://127.0.0.1:" + (BASE + 1) + "/products/SKU-1").status)
                .isEqualTo(200);
    }

    @Test
    @Order(4)
    void improvedDiscoveryServesFromLastKnownAddressesWhileCoordinationIsDown() throws Exception {
        assertThat(Http.post(ORDER + "/orders", ORDER_JSON).status)
                .isEqualTo(201); // inventory's addresses now known
        try {
            assertThat(stack("stop", "coordination").exitCode).isZero();
            long noLeaseBefore =
                    Http.get(INVENTORY_1 + "/audit/summary")
                            .body
                            .path("total")
                            .path("no-lease")
                            .asLong();
            // Order still reaches inventory at its last known address; inventory cannot take the
            // stock
            // lease without coordination, so it refuses the write and order accepts the order for
            // later.
            Http placed = Http.post(ORDER + "/orders", ORDER_JSON);
            assertThat(placed.status).as(placed.toString()).isEqualTo(202);
            assertThat(placed.body.path("status").asText()).isEqualTo("PENDING_RESERVATION");
            assertThat(
                            Http.get(INVENTORY_1 + "/audit/summary")
                                    .body
                                    .path("total")
                                    .path("no-lease")
                                    .asLong())
                    .isGreaterThan(noLeaseBefore);
            JsonNode health =
                    await(
                            "order's health shows coordination lost",
                            () -> Http.get(ORDER + "/actuator/health").body,
                            h ->
                                    "DEGRADED"
                                            .equals(
                                                    h.path("components")
                                                            .path("coordination")
                                                            .path("status")
                                                            .asText()));
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(Http.get(ORDER + "/actuator/health").status).isEqualTo(200);
        } finally {
            assertThat(stack("start", "coordination").exitCode).isZero();
        }
    }

    @Test
    @Order(5)
    void naiveDiscoveryFailsAsSoonAsCoordinationIsDown() throws Exception {
        long before = service(status(), "order").path("pid").asLong();
        Command restarted = stack("restart", "order", "--mode", "naive");
        assertThat(restarted.exitCode).as(restarted.toString()).isZero();
        // restart returns once the new process is healthy, never on the old one's last health.
        long after = service(status(), "order").path("pid").asLong();
        assertThat(after).isNotEqualTo(before);
        assertThat(restarted.out)
                .containsPattern("order healthy \\((UP|DEGRADED)\\), pid " + after);
        assertThat(service(status(), "order").path("mode").asText()).isEqualTo("naive");
        assertThat(Http.post(ORDER + "/orders", ORDER_JSON).status).isEqualTo(201);
        try {
            assertThat(stack("stop", "coordination").exitCode).isZero();
            Http refused = Http.post(ORDER + "/orders", ORDER_JSON);
            assertThat(refused.status).as(refused.toString()).isEqualTo(503);
            assertThat(refused.body.path("error").asText()).containsIgnoringCase("coordination");
            await(
                    "order's health DOWN",
                    () -> Http.get(ORDER + "/actuator/health"),
                    h -> h.status == 503);
        } finally {
            assertThat(stack("start", "coordination").exitCode).isZero();
        }
    }

    @Test
    @Order(6)
    void exhaustedPoolFailsFastWithAClearErrorInImprovedModeAndWaitsInNaiveMode() throws Exception {
        // Naive (from the previous test), with Hikari's 30 s wait shortened so that the test stays
        // short.
        assertThat(
                        stack(
                                        "restart",
                                        "order",
                                        "--set",
                                        "spring.datasource.hikari.connection-timeout=3000")
                                .exitCode)
                .isZero();
        Http naive = whileFault(() -> Http.post(ORDER + "/orders", ORDER_JSON));
        assertThat(naive.millis).as(naive.toString()).isGreaterThanOrEqualTo(2900);
        assertThat(naive.status).as(naive.toString()).isGreaterThanOrEqualTo(500);

        assertThat(
                        stack(
                                        "restart",
                                        "order",
                                        "--mode",
                                        "improved",
                                        "--set",
                                        "spring.datasource.hikari.connection-timeout=500")
                                .exitCode)
                .isZero();
        Http improved = whileFault(() -> Http.post(ORDER + "/orders", ORDER_JSON));
        assertThat(improved.status).as(improved.toString()).isEqualTo(503);
        assertThat(improved.millis).as(improved.toString()).isLessThan(2000);
        assertThat(improved.body.path("error").asText()).contains("order-pool");
        assertThat(Http.post(ORDER + "/orders", ORDER_JSON).status)
                .as("after the fault")
                .isEqualTo(201);
    }

    /**
     * Runs the call while every connection of order's pool is held by a jdbc.pool exhaust fault.
     */
    private Http whileFault(Call<Http> call) throws Exception {
        String pid = String.valueOf(service(status(), "order").path("pid").asLong());
        Command enabled =
                Command.faultline(
                        "enable",
                        pid,
                        "jdbc.pool",
                        "exhaust",
                        "--for",
                        "60s",
                        "--id",
                        "pool-exhausted");
        assertThat(enabled.exitCode).as(enabled.toString()).isZero();
        try {
            // The pool is found at its next use: one order makes it, then the fault holds every
            // connection.
            Http.post(ORDER + "/orders", ORDER_JSON);
            await(
                    "the pool held",
                    () -> Http.JSON.readTree(Command.faultline("list", pid, "--json").out),
                    faults -> faults.path(0).path("state").asText().startsWith("holding"));
            return call.call();
        } finally {
            Command.faultline("disable", pid, "--all");
        }
    }

    @Test
    @Order(100)
    void downLeavesNoProcessAndNoPortBehind() throws Exception {
        JsonNode state = status();
        List<Long> pids = new ArrayList<>();
        pids.add(state.path("supervisorPid").asLong());
        pids.add(state.path("postgres").path("pid").asLong());
        pids.add(state.path("kafka").path("pid").asLong());
        state.path("services").forEach(s -> pids.add(s.path("pid").asLong()));

        Command down = stack("down");
        assertThat(down.exitCode).as(down.toString()).isZero();
        for (long pid : pids) {
            assertThat(Processes.alive(pid)).as("pid %d alive after down", pid).isFalse();
        }
        for (int port :
                List.of(
                        BASE,
                        BASE + 1,
                        BASE + 2,
                        BASE + 3,
                        BASE + 4,
                        BASE - 2648,
                        BASE + 1012,
                        BASE + 1013)) {
            assertThat(Processes.listening(port)).as("port %d", port).isFalse();
        }
        assertThat(status().path("state").asText()).isEqualTo("down");
    }

    private Command stack(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--dir");
        all.add(directory.toString());
        return Command.stack(all.toArray(new String[0]));
    }

    private JsonNode status() throws IOException, InterruptedException {
        Command status = stack("status", "--json");
        return Http.JSON.readTree(status.out);
    }

    private static JsonNode service(JsonNode state, String name) {
        for (JsonNode service : state.path("services")) {
            if (service.path("name").asText().equals(name)) {
                return service;
            }
        }
        throw new AssertionError("no service " + name + " in " + state);
    }

    interface Call<T> {
        T call() throws Exception;
    }

    /** Polls every 250 ms for up to 90 s until the value satisfies the condition. */
    static <T> T await(String what, Call<T> call, Predicate<T> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = call.call();
                if (condition.test(value)) {
                    return value;
                }
                last = value;
            } catch (IOException notYet) {
                last = notYet;
            }
            Thread.sleep(250);
        }
        return fail("not within 90 s: " + what + "; last: " + last);
    }
}
