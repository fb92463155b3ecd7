// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Brings a freshly started stack to its steady state: JVMs that have compiled their hot paths,
 * pools with their connections open, every service registered and discovered, and the circuit
 * breakers closed again if the first, cold calls were slow enough to open them.
 */
final class Warmer {
    /** Not a SKU the experiments use, so that the warm-up leaves their figures alone. */
    private static final String ORDER = "{\"sku\": \"SKU-20\", \"quantity\": 1}";

    private static final int CONCURRENCY = 4;

    private final StackState state;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Warmer(StackState state) {
        this.state = state;
    }

    /**
     * Places the orders, four at a time; returns how often each HTTP status came back (0: no
     * answer).
     */
    Map<Integer, Integer> placeOrders(int count) throws InterruptedException {
        String order = state.service("order").url + "/orders";
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(workers.submit(() -> post(order)));
        }
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.MINUTES);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<Integer> answer : answers) {
            try {
                statuses.merge(answer.get(), 1, Integer::sum);
            } catch (java.util.concurrent.ExecutionException e) {
                statuses.merge(0, 1, Integer::sum);
            }
        }
        return statuses;
    }

    private int post(String url) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(ORDER))
                            .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Waits until every service's health is UP at three reads in a row (an open breaker answers
     * CIRCUIT_OPEN until its wait ends and a few calls succeed); null when they are, else who is
     * not.
     */
    static String awaitAllUp(StackState state, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int upInARow = 0;
        String notUp = null;
        while (System.nanoTime() < deadline) {
            notUp = null;
            for (StackState.Service service : state.services) {
                String health = health(http, service.url);
                if (!"UP".equals(health)) {
                    notUp = service.name + " is " + health;
                    break;
                }
            }
            upInARow = notUp == null ? upInARow + 1 : 0;
            if (upInARow == 3) {
                return null;
            }
            if (notUp != null) {
                // A breaker only closes after calls through it succeed: keep a trickle of orders
                // going.
                new Warmer(state).placeOrders(CONCURRENCY);
            }
            Thread.sleep(1000);
        }
        return notUp;
    }

    private static String health(HttpClient http, String url) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build();
            JsonNode status =
                    StackState.JSON
                            .readTree(
                                    http.send(request, HttpResponse.BodyHandlers.ofString()).body())
                            .get("status");
            return status == null ? "unknown" : status.asText();
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
