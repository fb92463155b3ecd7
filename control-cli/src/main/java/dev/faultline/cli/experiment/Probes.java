package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.cli.experiment.Experiment.CommandSource;
import dev.faultline.cli.experiment.Experiment.FaultCounterSource;
import dev.faultline.cli.experiment.Experiment.HttpSource;
import dev.faultline.cli.experiment.Experiment.JmxSource;
import dev.faultline.cli.experiment.Experiment.JvmSource;
import dev.faultline.cli.experiment.Experiment.ProbeDef;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one value of a probe; a failure becomes a sample with an error, never a failed run. */
final class Probes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    interface Probe {
        Object read() throws Exception;
    }

    private Probes() {}

    static Probe create(ProbeDef def, Map<String, RunTarget> targets, HttpClient http, String faultPrefix) {
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
                throw new IllegalStateException("probe " + name + " has delta: true but read " + value + ", not a number");
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

    private static Probe source(ProbeDef def, Map<String, RunTarget> targets, HttpClient http, String faultPrefix) {
        if (def.source() instanceof HttpSource source) {
            return () -> http(http, source);
        }
        if (def.source() instanceof JmxSource source) {
            return () -> jmx(targets.get(source.target()).mbeans(), source.mbean(), source.attribute(), source.combine());
        }
        if (def.source() instanceof JvmSource source) {
            return () -> jvm(targets.get(source.target()), source.figure());
        }
        if (def.source() instanceof FaultCounterSource source) {
            return () -> faultCounter(targets.get(source.target()), source, faultPrefix);
        }
        CommandSource source = (CommandSource) def.source();
        return () -> command(source);
    }

    /** One fault's counter, or the sum over the run's faults on the target. */
    private static long faultCounter(RunTarget target, FaultCounterSource source, String faultPrefix) {
        int index = source.counter().equals("matched") ? 0 : 1;
        if (source.fault() != null) {
            return target.counters(faultPrefix + source.fault())[index];
        }
        target.counters(faultPrefix); // refreshes the table
        return target.allCounters().entrySet().stream().filter(e -> e.getKey().startsWith(faultPrefix))
                .mapToLong(e -> e.getValue()[index]).sum();
    }

    static Object http(HttpClient http, HttpSource source) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(source.url())).timeout(source.timeout())
                .method(source.method(), source.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(source.body()));
        source.headers().forEach(request::header);
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        return switch (source.measure()) {
            case "latency" -> millis;
            case "json" -> jsonValue(response.body(), source.path());
            case "regex" -> regexValue(response.body(), source.path());
            default -> response.statusCode();
        };
    }

    /** {@code status}, {@code components.db.status}, {@code items[0].id}, or a JSON pointer {@code /a/b}. */
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
        return node.isNumber() ? node.numberValue() : node.isBoolean() ? (Object) node.asBoolean() : node.isValueNode() ? node.asText() : node.toString();
    }

    static Object regexValue(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("the body does not match " + regex);
        }
        String found = m.groupCount() > 0 ? m.group(1) : m.group();
        return NUMBER.matcher(found).matches() ? (Object) Double.parseDouble(found) : found;
    }

    /** An attribute of every MBean matching the name (wildcards allowed), combined; {@code A.b} reads an item of a composite. */
    static Object jmx(MBeanServerConnection server, String mbean, String attribute, String combine) throws Exception {
        Set<ObjectName> names = server.queryNames(new ObjectName(mbean), null);
        if (names.isEmpty()) {
            throw new IllegalStateException("no MBean matches " + mbean);
        }
        String[] parts = attribute.split("\\.", 2);
        Double combined = null;
        Object single = null;
        for (ObjectName name : names) {
            Object value = server.getAttribute(name, parts[0]);
            if (parts.length > 1 && value instanceof CompositeData data) {
                value = data.get(parts[1]);
            }
            Double number = Expression.asNumber(value);
            if (number == null) {
                single = value == null ? null : String.valueOf(value);
                continue;
            }
            combined = combined == null ? number : switch (combine) {
                case "max" -> Math.max(combined, number);
                case "min" -> Math.min(combined, number);
                default -> combined + number;
            };
        }
        return combined != null ? combined : single;
    }

    static Object jvm(RunTarget target, String figure) throws Exception {
        switch (figure) {
            case "alive":
                return target.alive() ? 1 : 0;
            case "restarts":
                return target.restarts();
            default:
                break;
        }
        MBeanServerConnection server = target.mbeans();
        return switch (figure) {
            case "heap-used" -> ((CompositeData) server.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage")).get("used");
            case "threads" -> server.getAttribute(new ObjectName("java.lang:type=Threading"), "ThreadCount");
            case "gc-time" -> jmx(server, "java.lang:type=GarbageCollector,*", "CollectionTime", "sum");
            default -> Math.max(0, ((Number) server.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuLoad")).doubleValue()) * 100;
        };
    }

    static Object command(CommandSource source) throws Exception {
        Shell.Result result = Shell.run(source.command(), source.timeout());
        if (result.timedOut()) {
            throw new IllegalStateException("timed out after " + Durations.format(source.timeout()));
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
