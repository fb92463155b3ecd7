// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faultline.cli.AgentModel;
import dev.faultline.junit.FaultlineExplore.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * One {@link FaultlineExplore} test's exploration: the recording run, the plan of runs made from
 * it, their outcomes, and the summary written when the test's runs are done.
 */
final class Exploration implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    static final String DIR_PROPERTY = "faultline.explore.dir";

    /** The most distinct calls the recorder keeps for one test. */
    static final int RECORD_LIMIT = 1000;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ScheduledExecutorService TIMEOUTS =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "faultline-explore-timeout");
                        t.setDaemon(true);
                        return t;
                    });

    /** One planned run: a failure aimed at one recorded call. */
    record Case(Map<String, Object> call, Failure failure, FaultBuilder fault) {}

    private final String test;
    private final List<String> packages;
    private final List<String> points;
    private final List<Failure> failures;
    private final Duration slow;
    private final Duration timeout;
    private final int maxRuns;

    private List<Map<String, Object>> recorded = List.of();
    private long withoutSite;
    private long dropped;
    private Throwable recordingFailure;
    private boolean recordingDone;
    private final List<Map<String, Object>> results = new ArrayList<>();
    private final List<Map<String, Object>> notRun = new ArrayList<>();

    Exploration(ExtensionContext context, FaultlineExplore config) {
        test =
                context.getRequiredTestClass().getName()
                        + "#"
                        + context.getRequiredTestMethod().getName();
        String where = "@FaultlineExplore on " + test + ": ";
        try {
            packages =
                    config.packages().length > 0
                            ? List.of(config.packages())
                            : List.of(context.getRequiredTestClass().getPackageName());
            for (String point : config.points()) {
                if (!recordable(Declarations.point(point))) {
                    throw new IllegalArgumentException(
                            "field 'points': calls of "
                                    + point
                                    + " cannot be recorded; expected some of "
                                    + String.join(", ", recordablePoints()));
                }
            }
            points = config.points().length > 0 ? List.of(config.points()) : recordablePoints();
            if (config.failures().length == 0) {
                throw new IllegalArgumentException(
                        "field 'failures': expected at least one of "
                                + Arrays.toString(Failure.values()));
            }
            failures = List.of(config.failures());
            slow = FaultlineExtension.duration("slow", config.slow());
            timeout = FaultlineExtension.duration("timeout", config.timeout());
            if (config.maxRuns() < 0) {
                throw new IllegalArgumentException(
                        "field 'maxRuns': "
                                + config.maxRuns()
                                + " is negative; expected 0 or more");
            }
            maxRuns = config.maxRuns();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    /**
     * Points whose calls a recording fault (matches every call, never acts) can see: those with a
     * {@code delay}.
     */
    private static List<String> recordablePoints() {
        List<String> names = new ArrayList<>();
        for (AgentModel.Point point : Declarations.model().points().values()) {
            if (recordable(point)) {
                names.add(point.name());
            }
        }
        return names;
    }

    private static boolean recordable(AgentModel.Point point) {
        return point.actions().contains("delay")
                && Declarations.model().problem(recordingFault(point.name()).toJson()) == null;
    }

    private static FaultBuilder recordingFault(String point) {
        return Fault.point(point).delay(Duration.ofMillis(1)).probability(0);
    }

    // ---- the recording run

    TestTemplateInvocationContext recordingRun() {
        return invocation("record: every instrumented call", new RecordingRun());
    }

    private final class RecordingRun implements BeforeEachCallback, AfterTestExecutionCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            Faults faults = Faults.inThisJvm();
            for (String point : points) {
                faults.enable(recordingFault(point));
            }
            faults.startRecording(packages, RECORD_LIMIT);
        }

        @Override
        public void afterTestExecution(ExtensionContext context) throws IOException {
            Map<String, Object> report =
                    JSON.readValue(
                            Faults.inThisJvm().stopRecording(),
                            new TypeReference<Map<String, Object>>() {});
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> calls = (List<Map<String, Object>>) report.get("calls");
            recorded = calls;
            withoutSite = ((Number) report.get("withoutSite")).longValue();
            dropped = ((Number) report.get("dropped")).longValue();
            recordingFailure = context.getExecutionException().orElse(null);
            recordingDone = true;
        }
    }

    // ---- the plan

    /**
     * The runs after the recording one: each recorded call (in the order first made) × each
     * applicable failure, up to {@code maxRuns}.
     */
    List<Case> plan() {
        List<Case> cases = new ArrayList<>();
        if (!recordingDone || recordingFailure != null) {
            return cases; // a test that fails without faults says nothing about failures; its own
            // failure is reported
        }
        for (Map<String, Object> call : recorded) {
            for (Failure failure : failures) {
                FaultBuilder fault = fault(call, failure);
                if (fault == null) {
                    continue;
                }
                Case planned = new Case(call, failure, fault);
                if (cases.size() < maxRuns) {
                    cases.add(planned);
                } else {
                    notRun.add(result(planned, "not-run", null));
                }
            }
        }
        return cases;
    }

    /**
     * The fault of one failure aimed at one recorded call, or {@code null} when the call's point
     * does not have that failure. It matches the call's match values exactly; when calls from other
     * sites have the same values, {@code after} and {@code limit} pick this site's first call.
     */
    private FaultBuilder fault(Map<String, Object> call, Failure failure) {
        String point = (String) call.get("point");
        AgentModel.Point declared = Declarations.point(point);
        FaultBuilder fault = Fault.point(point);
        switch (failure) {
            case ERROR:
                if (!declared.actions().contains("error")) return null;
                fault.error();
                break;
            case TIMEOUT:
                if (!declared.actions().contains("error")) return null;
                fault.error("timeout");
                break;
            case SLOW:
                if (!declared.actions().contains("delay")) return null;
                fault.delay(slow);
                break;
            default:
                if (!declared.actions().contains("hang")) return null;
                fault.hang();
        }
        @SuppressWarnings("unchecked")
        Map<String, String> match = (Map<String, String>) call.get("match");
        match.forEach((key, value) -> fault.matching(key, "^" + Pattern.quote(value) + "$"));
        long calls = ((Number) call.get("calls")).longValue();
        long sameMatch = ((Number) call.get("sameMatch")).longValue();
        if (sameMatch > calls) {
            fault.after(((Number) call.get("after")).longValue()).limit(1);
        }
        // The hang's bound is the run's timeout; the fault outlives it a little, and ends by itself
        // if all else fails.
        fault.lasting(timeout.plusSeconds(30));
        // A failure the point does not have in this form (a timeout of a JDBC call) is not tried.
        return Declarations.model().problem(fault.toJson()) == null ? fault : null;
    }

    // ---- one run

    TestTemplateInvocationContext run(Case planned) {
        return invocation(describe(planned), new FaultRun(planned));
    }

    private final class FaultRun
            implements BeforeEachCallback,
                    TestExecutionExceptionHandler,
                    AfterTestExecutionCallback {
        private final Case planned;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private FaultHandle handle;
        private ScheduledFuture<?> bound;
        private Throwable failure;

        FaultRun(Case planned) {
            this.planned = planned;
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            handle = Faults.inThisJvm().enable(planned.fault());
            FaultHandle enabled = handle;
            // Ending the fault releases a call it holds: a hang nothing else bounds ends here.
            bound =
                    TIMEOUTS.schedule(
                            () -> {
                                timedOut.set(true);
                                enabled.close();
                            },
                            timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
                throws Throwable {
            if (thrown instanceof TestAbortedException) {
                throw thrown;
            }
            failure = thrown;
            if (handle.injected() == 0) {
                throw thrown; // the test failed before the fault acted: its own failure, not this
                // fault's
            }
            throw new AssertionError(describe(planned) + " is not handled: " + thrown, thrown);
        }

        @Override
        public void afterTestExecution(ExtensionContext context) {
            bound.cancel(false);
            long injected =
                    handle.injected(); // the last counters when the bound already ended the fault
            handle.close();
            if (failure != null) {
                results.add(result(planned, injected > 0 ? "unhandled" : "not-reached", failure));
                return;
            }
            if (context.getExecutionException().isPresent()) {
                results.add(result(planned, "aborted", context.getExecutionException().get()));
                return;
            }
            if (injected == 0) {
                results.add(result(planned, "not-reached", null));
                throw new TestAbortedException(
                        describe(planned)
                                + ": the test did not make this call again, so the failure was not tried");
            }
            if (timedOut.get()) {
                AssertionError hung =
                        new AssertionError(
                                describe(planned)
                                        + " is not handled: the test waited until the fault ended after "
                                        + timeout.toMillis()
                                        + " ms; nothing bounds the wait for this call");
                results.add(result(planned, "unhandled", hung));
                throw hung;
            }
            results.add(result(planned, "handled", null));
        }
    }

    private static TestTemplateInvocationContext invocation(String name, Extension extension) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name;
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(extension);
            }
        };
    }

    // ---- names and the summary

    private String failureName(Failure failure) {
        return failure == Failure.SLOW
                ? "slow " + slow.toMillis() + "ms"
                : failure.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@code hang at jdbc.execute sql="select ..." from ProductPage.stock(ProductPage.java:107)}
     */
    private String describe(Case planned) {
        Map<String, Object> call = planned.call();
        StringBuilder text =
                new StringBuilder(failureName(planned.failure()))
                        .append(" at ")
                        .append(call.get("point"));
        @SuppressWarnings("unchecked")
        Map<String, String> match = (Map<String, String>) call.get("match");
        match.forEach(
                (key, value) -> {
                    if (!key.equals("url")
                            && !key.equals(
                                    "port")) { // the SQL, the host and path, the topic tell the
                        // call apart
                        text.append(' ').append(key).append("=\"").append(value).append('"');
                    }
                });
        return text.append(" from ").append(shortSite((String) call.get("site"))).toString();
    }

    /** The site without its package: {@code ProductPage.stock(ProductPage.java:60)}. */
    static String shortSite(String site) {
        int paren = site.indexOf('(');
        int method = site.lastIndexOf('.', paren < 0 ? site.length() : paren);
        int type = method <= 0 ? -1 : site.lastIndexOf('.', method - 1);
        return site.substring(type + 1);
    }

    private Map<String, Object> result(Case planned, String outcome, Throwable failure) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("point", planned.call().get("point"));
        result.put("match", planned.call().get("match"));
        result.put("site", planned.call().get("site"));
        result.put("failure", failureName(planned.failure()));
        result.put("outcome", outcome);
        if (failure != null) {
            result.put("error", failure.getClass().getName());
            result.put("message", String.valueOf(failure.getMessage()));
        }
        try {
            result.put("fault", JSON.readTree(planned.fault().toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Writes the summary when the test's runs are done. */
    @Override
    public void close() throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("test", test);
        summary.put("packages", packages);
        summary.put("points", points);
        Map<String, Object> recording = new LinkedHashMap<>();
        recording.put(
                "outcome",
                !recordingDone ? "not-run" : recordingFailure == null ? "passed" : "failed");
        if (recordingFailure != null) {
            recording.put("error", recordingFailure.getClass().getName());
            recording.put("message", String.valueOf(recordingFailure.getMessage()));
        }
        recording.put("withoutSite", withoutSite);
        recording.put("dropped", dropped);
        summary.put("recording", recording);
        List<Map<String, Object>> calls = new ArrayList<>();
        for (Map<String, Object> call : recorded) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("point", call.get("point"));
            shown.put("match", call.get("match"));
            shown.put("site", call.get("site"));
            shown.put("calls", call.get("calls"));
            calls.add(shown);
        }
        summary.put("calls", calls);
        summary.put("maxRuns", maxRuns);
        summary.put("runs", results.size());
        summary.put(
                "unhandled",
                results.stream().filter(r -> r.get("outcome").equals("unhandled")).toList());
        summary.put("results", results);
        summary.put("notRun", notRun);
        Path dir = Paths.get(System.getProperty(DIR_PROPERTY, "target/faultline-explore"));
        Files.createDirectories(dir);
        String base = test.replace('#', '.');
        JSON.writeValue(dir.resolve(base + ".json").toFile(), summary);
        Files.writeString(dir.resolve(base + ".md"), markdown(summary), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> summary) {
        StringBuilder md = new StringBuilder();
        List<Map<String, Object>> results = (List<Map<String, Object>>) summary.get("results");
        List<Map<String, Object>> unhandled = (List<Map<String, Object>>) summary.get("unhandled");
        List<Map<String, Object>> notRun = (List<Map<String, Object>>) summary.get("notRun");
        md.append("# Faultline explore: ").append(summary.get("test")).append("\n\n");
        Map<String, Object> recording = (Map<String, Object>) summary.get("recording");
        md.append("Recording run: ")
                .append(recording.get("outcome"))
                .append("; ")
                .append(((List<?>) summary.get("calls")).size())
                .append(" distinct calls recorded; ")
                .append(results.size())
                .append(" runs with one fault each (at most ")
                .append(summary.get("maxRuns"))
                .append("); ")
                .append(unhandled.size())
                .append(" failures not handled");
        if (!notRun.isEmpty()) {
            md.append("; ").append(notRun.size()).append(" not run (over the bound)");
        }
        md.append(".\n");
        if (recording.containsKey("message")) {
            md.append("\nThe test fails without any fault (")
                    .append(recording.get("error"))
                    .append(": ")
                    .append(cell(recording.get("message")))
                    .append("), so no failure was tried.\n");
        }
        table(md, "Not handled", unhandled, true);
        table(
                md,
                "Handled",
                results.stream().filter(r -> r.get("outcome").equals("handled")).toList(),
                false);
        table(
                md,
                "Not reached (the run did not make the call again)",
                results.stream()
                        .filter(
                                r ->
                                        !r.get("outcome").equals("handled")
                                                && !r.get("outcome").equals("unhandled"))
                        .toList(),
                false);
        table(md, "Not run (over maxRuns)", notRun, false);
        return md.toString();
    }

    private static void table(
            StringBuilder md, String title, List<Map<String, Object>> rows, boolean withError) {
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## ")
                .append(title)
                .append("\n\n| failure | point | call | site |")
                .append(withError ? " what the test saw |" : "")
                .append('\n')
                .append("|---|---|---|---|")
                .append(withError ? "---|" : "")
                .append('\n');
        for (Map<String, Object> row : rows) {
            md.append("| ")
                    .append(row.get("failure"))
                    .append(" | ")
                    .append(row.get("point"))
                    .append(" | ")
                    .append(cell(row.get("match")))
                    .append(" | `")
                    .append(row.get("site"))
                    .append("` |");
            if (withError) {
                md.append(' ')
                        .append(cell(row.get("error") + ": " + row.get("message")))
                        .append(" |");
            }
            md.append('\n');
        }
    }

    private static String cell(Object value) {
        return String.valueOf(value).replace("|", "\\|").replace("\n", " ");
    }
}
