// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.junit.Faults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Explore mode on {@link ExploreExample}: the product page's calls are recorded, each applicable
 * failure is tried at each, and exactly the failures the page does not handle are reported — as
 * failed JUnit runs and in the summary files.
 */
class ExploreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SUMMARY =
            Path.of(
                    "target/faultline-explore/dev.faultline.it.ExploreExample.rendersTheProductPageWithinASecond");
    private static final String SITE = "dev.faultline.it.explore.ProductPage.";

    /**
     * A recorded call: its point, its site (method, no line), the match values the display names
     * show.
     */
    private record Call(String point, String method, Map<String, String> match) {}

    /** One tried failure and whether the page handles it. */
    private record Expected(String failure, Call call, boolean handled) {}

    @Test
    void reportsExactlyTheFailuresThePageDoesNotHandle() throws Exception {
        Files.deleteIfExists(Path.of(SUMMARY + ".json"));
        String url = Postgres.url();
        Call connectForName = new Call("jdbc.connect", "readName", Map.of("url", url));
        Call reviews = new Call("http.client", "reviews", null); // host and port come from the run
        Call connectForViews = new Call("jdbc.connect", "countView", Map.of("url", url));
        Call name =
                new Call(
                        "jdbc.execute",
                        "readName",
                        sql("select name from product where sku = ?", url));
        Call views =
                new Call(
                        "jdbc.execute",
                        "countView",
                        sql("update product set views = views + 1 where sku = ?", url));
        Call connectForStock = new Call("jdbc.connect", "stock", Map.of("url", url));
        Call stock =
                new Call(
                        "jdbc.execute",
                        "stock",
                        sql("select quantity from product where sku = ?", url));
        // In the order the page makes its calls, each with the failures its point has, in the order
        // tried.
        List<Expected> expected =
                List.of(
                        new Expected("error", connectForName, true),
                        new Expected("slow 1500ms", connectForName, true),
                        new Expected("error", name, true),
                        new Expected("slow 1500ms", name, true),
                        new Expected("hang", name, true),
                        new Expected("error", reviews, true),
                        new Expected("timeout", reviews, true),
                        new Expected("slow 1500ms", reviews, true),
                        new Expected("hang", reviews, true),
                        new Expected("error", connectForViews, true),
                        new Expected("slow 1500ms", connectForViews, false),
                        new Expected("error", views, true),
                        new Expected("slow 1500ms", views, false),
                        new Expected("hang", views, false),
                        new Expected("error", connectForStock, false),
                        new Expected("slow 1500ms", connectForStock, false),
                        new Expected("error", stock, false),
                        new Expected("slow 1500ms", stock, false),
                        new Expected("hang", stock, false));

        EngineExecutionResults results =
                EngineTestKit.engine("junit-jupiter")
                        .selectors(selectClass(ExploreExample.class))
                        .execute();

        Map<String, TestExecutionResult.Status> outcomes = new LinkedHashMap<>();
        for (Event event : results.testEvents().finished().list()) {
            outcomes.put(
                    withoutLines(event.getTestDescriptor().getDisplayName()),
                    event.getPayload(TestExecutionResult.class).orElseThrow().getStatus());
        }
        Map<String, TestExecutionResult.Status> wanted = new LinkedHashMap<>();
        wanted.put("record: every instrumented call", TestExecutionResult.Status.SUCCESSFUL);
        for (Expected e : expected) {
            wanted.put(
                    displayName(e),
                    e.handled()
                            ? TestExecutionResult.Status.SUCCESSFUL
                            : TestExecutionResult.Status.FAILED);
        }
        assertThat(outcomes).containsExactlyEntriesOf(wanted);
        // A failed run names the failure and keeps what the test saw as its cause.
        Throwable stockError =
                results.testEvents().failed().list().stream()
                        .filter(
                                e ->
                                        withoutLines(e.getTestDescriptor().getDisplayName())
                                                .equals(
                                                        displayName(
                                                                new Expected(
                                                                        "error", stock, false))))
                        .findFirst()
                        .orElseThrow()
                        .getPayload(TestExecutionResult.class)
                        .orElseThrow()
                        .getThrowable()
                        .orElseThrow();
        assertThat(stockError)
                .hasMessageStartingWith(withoutLinesPrefix(stock))
                .hasCauseInstanceOf(java.sql.SQLException.class);
        assertThat(Faults.inThisJvm().active()).isEmpty();

        JsonNode summary = JSON.readTree(Path.of(SUMMARY + ".json").toFile());
        int reviewsPort =
                Integer.parseInt(summary.get("calls").get(2).get("match").get("port").asText());
        Map<String, String> reviewsMatch = new LinkedHashMap<>();
        reviewsMatch.put("host", "127.0.0.1");
        reviewsMatch.put("port", String.valueOf(reviewsPort));
        reviewsMatch.put("method", "GET");
        reviewsMatch.put("path", "/reviews/A");

        ObjectNode want = JSON.createObjectNode();
        want.put("test", "dev.faultline.it.ExploreExample#rendersTheProductPageWithinASecond");
        want.set("packages", JSON.valueToTree(List.of("dev.faultline.it")));
        want.set(
                "points",
                JSON.valueToTree(
                        List.of(
                                "jdbc.connect",
                                "jdbc.execute",
                                "jdbc.commit",
                                "kafka.send",
                                "kafka.poll",
                                "http.client",
                                "dns.resolve",
                                "net.connect",
                                "grpc.client")));
        want.set(
                "recording",
                JSON.readTree(
                        "{\"outcome\": \"passed\", \"withoutSite\": "
                                + summary.get("recording").get("withoutSite")
                                + ", \"dropped\": 0}"));
        ArrayNode calls = want.putArray("calls");
        for (Call call :
                List.of(
                        connectForName,
                        name,
                        reviews,
                        connectForViews,
                        views,
                        connectForStock,
                        stock)) {
            calls.addObject()
                    .put("point", call.point())
                    .<ObjectNode>set(
                            "match",
                            JSON.valueToTree(call.match() == null ? reviewsMatch : call.match()))
                    .put("site", SITE + call.method() + "(ProductPage.java)")
                    .put("calls", 1);
        }
        want.put("maxRuns", 50);
        want.put("runs", expected.size());
        ArrayNode unhandled = want.putArray("unhandled");
        ArrayNode all = want.putArray("results");
        for (Expected e : expected) {
            ObjectNode result = JSON.createObjectNode().put("point", e.call().point());
            result.set(
                    "match",
                    JSON.valueToTree(e.call().match() == null ? reviewsMatch : e.call().match()));
            result.put("site", SITE + e.call().method() + "(ProductPage.java)")
                    .put("failure", e.failure())
                    .put("outcome", e.handled() ? "handled" : "unhandled");
            if (!e.handled()) {
                // The library's own exception: the pool's for a connection (HikariCP), the driver's
                // (pgjdbc's) for a statement.
                result.put(
                        "error",
                        !e.failure().equals("error")
                                ? "java.lang.AssertionError"
                                : e.call().point().equals("jdbc.connect")
                                        ? "java.sql.SQLTransientConnectionException"
                                        : "org.postgresql.util.PSQLException");
                unhandled.add(result);
            }
            all.add(result);
        }
        want.putArray("notRun");
        assertThat(normalized(summary)).isEqualTo(want);

        // The fault of a run, as the agent read it: aimed at the view counter's connection, the
        // second of three with the same URL.
        JsonNode connectFault = summary.get("results").get(9).get("fault");
        assertThat(connectFault)
                .isEqualTo(
                        JSON.readTree(
                                "{\"point\": \"jdbc.connect\", \"action\": \"error\", \"after\": 1, \"limit\": 1,"
                                        + " \"match\": {\"url\": "
                                        + JSON.writeValueAsString("^" + Pattern.quote(url) + "$")
                                        + "}, \"duration\": \"33000ms\"}"));
        assertThat(summary.get("unhandled").get(0).get("message").asText())
                .contains("Expecting actual")
                .contains("to be less than");

        String markdown = Files.readString(Path.of(SUMMARY + ".md"));
        assertThat(markdown)
                .startsWith(
                        "# Faultline explore: dev.faultline.it.ExploreExample#rendersTheProductPageWithinASecond\n\n"
                                + "Recording run: passed; 7 distinct calls recorded; 19 runs with one fault each (at most 50); 8 failures not handled.\n");
        assertThat(markdown)
                .contains(
                        "\n## Not handled\n\n| failure | point | call | site | what the test saw |\n")
                .contains(
                        "| error | jdbc.execute | {sql=select quantity from product where sku = ?, url="
                                + url
                                + "} | `"
                                + SITE
                                + "stock(ProductPage.java:");
        assertThat(
                        markdown.lines()
                                .filter(l -> l.startsWith("| ") && !l.startsWith("| failure"))
                                .count())
                .isEqualTo(19);
    }

    @Test
    void runsAtMostMaxRunsAndListsTheRestAsNotRun() throws Exception {
        ExploreExample.start();
        try {
            EngineExecutionResults results =
                    EngineTestKit.engine("junit-jupiter")
                            .selectors(selectClass(BoundedExploreExample.class))
                            .execute();
            List<String> bounded = new ArrayList<>();
            results.testEvents().finished().list().stream()
                    .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains("bounded"))
                    .forEach(
                            e ->
                                    bounded.add(
                                            withoutLines(e.getTestDescriptor().getDisplayName())
                                                    + " "
                                                    + e.getPayload(TestExecutionResult.class)
                                                            .orElseThrow()
                                                            .getStatus()));
            assertThat(bounded)
                    .containsExactly(
                            "record: every instrumented call SUCCESSFUL",
                            "error at jdbc.connect from ProductPage.readName(ProductPage.java) SUCCESSFUL",
                            "error at jdbc.execute sql=\"select name from product where sku = ?\" from ProductPage.readName(ProductPage.java) SUCCESSFUL",
                            "error at http.client host=\"127.0.0.1\" method=\"GET\" path=\"/reviews/A\" from ProductPage.reviews(ProductPage.java) SUCCESSFUL");
            JsonNode summary =
                    JSON.readTree(
                            Path.of(
                                            "target/faultline-explore/dev.faultline.it.BoundedExploreExample.bounded.json")
                                    .toFile());
            assertThat(summary.get("runs").asInt()).isEqualTo(3);
            assertThat(summary.get("maxRuns").asInt()).isEqualTo(3);
            List<String> notRun = new ArrayList<>();
            summary.get("notRun")
                    .forEach(
                            r ->
                                    notRun.add(
                                            r.get("failure").asText()
                                                    + " "
                                                    + r.get("point").asText()
                                                    + " "
                                                    + withoutLines(r.get("site").asText())
                                                    + " "
                                                    + r.get("outcome").asText()));
            assertThat(notRun)
                    .containsExactly(
                            "error jdbc.connect " + SITE + "countView(ProductPage.java) not-run",
                            "error jdbc.execute " + SITE + "countView(ProductPage.java) not-run",
                            "error jdbc.connect " + SITE + "stock(ProductPage.java) not-run",
                            "error jdbc.execute " + SITE + "stock(ProductPage.java) not-run");
            assertThat(
                            Files.readString(
                                    Path.of(
                                            "target/faultline-explore/dev.faultline.it.BoundedExploreExample.bounded.md")))
                    .contains(
                            "3 runs with one fault each (at most 3); 0 failures not handled; 4 not run (over the bound).");

            Throwable refused =
                    results.allEvents().failed().list().stream()
                            .filter(
                                    e ->
                                            e.getTestDescriptor()
                                                    .getUniqueId()
                                                    .toString()
                                                    .contains("memoryCallsCannotBeRecorded"))
                            .findFirst()
                            .orElseThrow()
                            .getPayload(TestExecutionResult.class)
                            .orElseThrow()
                            .getThrowable()
                            .orElseThrow();
            assertThat(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "@FaultlineExplore on dev.faultline.it.BoundedExploreExample#memoryCallsCannotBeRecorded:"
                                    + " field 'points': calls of memory cannot be recorded; expected some of"
                                    + " jdbc.connect, jdbc.execute, jdbc.commit, kafka.send, kafka.poll, http.client, dns.resolve, net.connect, grpc.client");
            // A call the test does not make again: the run is aborted, and reported as not reached,
            // not as handled.
            assertThat(outcomes(results, "rendersOnlyOnce"))
                    .containsExactly(
                            "record: every instrumented call SUCCESSFUL",
                            "error at http.client host=\"127.0.0.1\" method=\"GET\" path=\"/reviews/A\" from ProductPage.reviews(ProductPage.java) ABORTED");
            JsonNode once =
                    JSON.readTree(
                            Path.of(
                                            "target/faultline-explore/dev.faultline.it.BoundedExploreExample.rendersOnlyOnce.json")
                                    .toFile());
            assertThat(once.get("results"))
                    .extracting(r -> r.get("outcome").asText())
                    .containsExactly("not-reached");
            assertThat(once.get("unhandled")).isEmpty();

            // A test that fails without faults: its own failure is the result, and nothing is
            // tried.
            assertThat(outcomes(results, "failsWithoutFaults"))
                    .containsExactly("record: every instrumented call FAILED");
            JsonNode broken =
                    JSON.readTree(
                            Path.of(
                                            "target/faultline-explore/dev.faultline.it.BoundedExploreExample.failsWithoutFaults.json")
                                    .toFile());
            assertThat(broken.get("recording"))
                    .isEqualTo(
                            JSON.readTree(
                                    "{\"outcome\": \"failed\", \"error\": \"java.lang.IllegalStateException\","
                                            + " \"message\": \"broken before any fault\", \"withoutSite\": 0, \"dropped\": 0}"));
            assertThat(broken.get("runs").asInt()).isZero();
            assertThat(Faults.inThisJvm().active()).isEmpty();
        } finally {
            ExploreExample.stop();
        }
    }

    private static List<String> outcomes(EngineExecutionResults results, String method) {
        List<String> outcomes = new ArrayList<>();
        results.testEvents().finished().list().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(method))
                .forEach(
                        e ->
                                outcomes.add(
                                        withoutLines(e.getTestDescriptor().getDisplayName())
                                                + " "
                                                + e.getPayload(TestExecutionResult.class)
                                                        .orElseThrow()
                                                        .getStatus()));
        return outcomes;
    }

    private static Map<String, String> sql(String sql, String url) {
        Map<String, String> match = new LinkedHashMap<>();
        match.put("sql", sql);
        match.put("url", url);
        return match;
    }

    private static String displayName(Expected e) {
        StringBuilder name = new StringBuilder(e.failure()).append(" at ").append(e.call().point());
        if (e.call().point().equals("http.client")) {
            name.append(" host=\"127.0.0.1\" method=\"GET\" path=\"/reviews/A\"");
        } else if (e.call().match().containsKey("sql")) {
            name.append(" sql=\"").append(e.call().match().get("sql")).append('"');
        }
        return name.append(" from ProductPage.")
                .append(e.call().method())
                .append("(ProductPage.java)")
                .toString();
    }

    private static String withoutLinesPrefix(Call stock) {
        return "error at jdbc.execute sql=\"select quantity from product where sku = ?\" from ProductPage.stock(ProductPage.java:";
    }

    /** Line numbers follow the source's layout; the tests compare sites by class and method. */
    private static String withoutLines(String text) {
        return text.replaceAll("\\.java:\\d+\\)", ".java)");
    }

    /**
     * The summary without what varies from run to run (messages, elapsed times) or is checked apart
     * (the faults' specs), sites without lines.
     */
    private static JsonNode normalized(JsonNode summary) throws Exception {
        JsonNode copy = JSON.readTree(withoutLines(JSON.writeValueAsString(summary)));
        for (String list : List.of("unhandled", "results")) {
            for (JsonNode result : copy.get(list)) {
                ((ObjectNode) result).remove(List.of("message", "fault"));
            }
        }
        return copy;
    }
}
