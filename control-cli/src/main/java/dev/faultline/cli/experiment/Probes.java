// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.cli.experiment.Experiment.CommandSource;
import dev.faultline.cli.experiment.Experiment.FaultCounterSource;
import dev.faultline.cli.experiment.Experiment.HttpSource;
import dev.faultline.cli.experiment.Experiment.JmxSource;
import dev.faultline.cli.experiment.Experiment.JvmSource;
import dev.faultline.cli.experiment.Experiment.ProbeDef;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.openmbean.CompositeData;

/** Reads one value of a probe; a failure becomes a sample with an error, never a failed run. */
final class Probes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    interface Probe {
        Object read() throws Exception;
    }

    private Probes() {}

    /** What an HTTP probe reads of one request: its status, its body and how long it took. */
    record Answer(int status, String body, long millis) {}

    /**
     * The HTTP client of a run's probes (connections kept alive between samples). Probes that send
     * the same GET or HEAD at the same moment (several values of one health endpoint) share one
     * request.
     */
    static final class Http {
        private final HttpClient client;
        private final SharedReads<List<Object>> shared = new SharedReads<>();

        Http(HttpClient client) {
            this.client = client;
        }

        Object read(HttpSource source, Object reader) throws Exception {
            boolean safe =
                    (source.method().equalsIgnoreCase("GET")
                                    || source.method().equalsIgnoreCase("HEAD"))
                            && source.body() == null;
            Answer answer =
                    safe
                            ? shared.read(
                                    List.of(
                                            source.method(),
                                            source.url(),
                                            source.headers(),
                                            source.timeout()),
                                    reader,
                                    () -> send(client, source))
                            : send(client, source);
            return value(answer, source);
        }
    }

    static Probe create(
            ProbeDef def, Map<String, RunTarget> targets, Http http, String faultPrefix) {
        Probe probe = source(def, targets, http, faultPrefix);
        return def.delta() ? sinceFirst(def.name(), probe) : probe;
    }

    /**
     * A counter as "how much since the run started": the increase over the first value read. A
     * counter that goes down was reset (its service restarted): its new value counts as increase,
     * as Prometheus's increase() counts it.
     */
    static Probe sinceFirst(String name, Probe probe) {
        double[] previousAndTotal = {Double.NaN, 0};
        return () -> {
            Object value = probe.read();
            if (!(value instanceof Number number)) {
                throw new IllegalStateException(
                        "probe " + name + " has delta: true but read " + value + ", not a number");
            }
            double now = number.doubleValue();
            double previous = previousAndTotal[0];
            if (!Double.isNaN(previous)) {
                previousAndTotal[1] += now >= previous ? now - previous : now;
            }
            previousAndTotal[0] = now;
            double total = previousAndTotal[1];
            return total == Math.rint(total) ? (Object) (long) total : (Object) total;
        };
    }

    private static Probe source(
            ProbeDef def, Map<String, RunTarget> targets, Http http, String faultPrefix) {
        if (def.source() instanceof HttpSource source) {
            return () -> http.read(source, def);
        }
        if (def.source() instanceof JmxSource source) {
            return () ->
                    jmx(
                            targets.get(source.target()).mbeanReads(),
                            source.mbean(),
                            source.attribute(),
                            source.combine(),
                            def);
        }
        if (def.source() instanceof JvmSource source) {
            return () -> jvm(targets.get(source.target()), source.figure(), def);
        }
        if (def.source() instanceof FaultCounterSource source) {
            return () -> faultCounter(targets.get(source.target()), source, faultPrefix);
        }
        CommandSource source = (CommandSource) def.source();
        return () -> command(source);
    }

    /** One fault's counter, or the sum over the run's faults on the target. */
    private static long faultCounter(
            RunTarget target, FaultCounterSource source, String faultPrefix) {
        int index = source.counter().equals("matched") ? 0 : 1;
        if (source.fault() != null) {
            return target.counters(faultPrefix + source.fault())[index];
        }
        target.counters(faultPrefix); // refreshes the table
        return target.allCounters().entrySet().stream()
                .filter(e -> e.getKey().startsWith(faultPrefix))
                .mapToLong(e -> e.getValue()[index])
                .sum();
    }

    static Answer send(HttpClient http, HttpSource source) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(source.url()))
                        .timeout(source.timeout())
                        .method(
                                source.method(),
                                source.body() == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(source.body()));
        source.headers().forEach(request::header);
        long start = System.nanoTime();
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000_000);
    }

    private static Object value(Answer answer, HttpSource source) throws Exception {
        return switch (source.measure()) {
            case "latency" -> answer.millis();
            case "json" -> jsonValue(answer.body(), source.path());
            case "regex" -> regexValue(answer.body(), source.path());
            default -> answer.status();
        };
    }

    /**
     * {@code status}, {@code components.db.status}, {@code items[0].id}, or a JSON pointer {@code
     * /a/b}.
     */
    static Object jsonValue(String body, String path) throws Exception {
        JsonNode node = JSON.readTree(body);
        if (path.startsWith("/")) {
            node = node.at(path);
        } else {
            for (String part : path.split("\\.")) {
                Matcher index = Pattern.compile("(.*?)((?:\\[\\d+])*)").matcher(part);
                index.matches();
                if (!index.group(1).isEmpty()) {
                    node = node.path(index.group(1));
                }
                Matcher each = Pattern.compile("\\[(\\d+)]").matcher(index.group(2));
                while (each.find()) {
                    node = node.path(Integer.parseInt(each.group(1)));
                }
            }
        }
        if (node.isMissingNode() || node.isNull()) {
            throw new IllegalStateException("no value at " + path + " in the body");
        }
        return node.isNumber()
                ? node.numberValue()
                : node.isBoolean()
                        ? (Object) node.asBoolean()
                        : node.isValueNode() ? node.asText() : node.toString();
    }

    static Object regexValue(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("the body does not match " + regex);
        }
        String found = m.groupCount() > 0 ? m.group(1) : m.group();
        return NUMBER.matcher(found).matches() ? (Object) Double.parseDouble(found) : found;
    }

    /**
     * An attribute of every MBean matching the name (wildcards allowed), combined; {@code A.b}
     * reads an item of a composite.
     */
    static Object jmx(
            TargetMBeans mbeans, String mbean, String attribute, String combine, Object reader)
            throws Exception {
        String[] parts = attribute.split("\\.", 2);
        Double combined = null;
        Object single = null;
        for (Object read : mbeans.read(mbean, parts[0], reader).values()) {
            Object value = read;
            if (parts.length > 1 && value instanceof CompositeData data) {
                value = data.get(parts[1]);
            }
            Double number = Expression.asNumber(value);
            if (number == null) {
                single = value == null ? null : String.valueOf(value);
                continue;
            }
            combined =
                    combined == null
                            ? number
                            : switch (combine) {
                                case "max" -> Math.max(combined, number);
                                case "min" -> Math.min(combined, number);
                                default -> combined + number;
                            };
        }
        return combined != null ? combined : single;
    }

    static Object jvm(RunTarget target, String figure, Object reader) throws Exception {
        switch (figure) {
            case "alive":
                return target.alive() ? 1 : 0;
            case "restarts":
                return target.restarts();
            default:
                break;
        }
        TargetMBeans mbeans = target.mbeanReads();
        return switch (figure) {
            case "heap-used" ->
                    ((CompositeData)
                                    one(mbeans, "java.lang:type=Memory", "HeapMemoryUsage", reader))
                            .get("used");
            case "threads" -> one(mbeans, "java.lang:type=Threading", "ThreadCount", reader);
            case "gc-time" ->
                    jmx(
                            mbeans,
                            "java.lang:type=GarbageCollector,*",
                            "CollectionTime",
                            "sum",
                            reader);
            default ->
                    Math.max(
                                    0,
                                    ((Number)
                                                    one(
                                                            mbeans,
                                                            "java.lang:type=OperatingSystem",
                                                            "ProcessCpuLoad",
                                                            reader))
                                            .doubleValue())
                            * 100;
        };
    }

    private static Object one(TargetMBeans mbeans, String mbean, String attribute, Object reader)
            throws Exception {
        return mbeans.read(mbean, attribute, reader).values().iterator().next();
    }

    static Object command(CommandSource source) throws Exception {
        Shell.Result result = Shell.run(source.command(), source.timeout());
        if (result.timedOut()) {
            throw new IllegalStateException(
                    "timed out after " + Durations.format(source.timeout()));
        }
        if (source.value().equals("exit-code")) {
            return result.exitCode();
        }
        Matcher number = NUMBER.matcher(result.output());
        if (!number.find()) {
            throw new IllegalStateException("no number in the output: " + result.output().strip());
        }
        return Double.parseDouble(number.group());
    }
}
