// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An experiment file, read and checked: the plan's five steps and what the runner needs to carry
 * out the method.
 */
public record Experiment(
        String file,
        String title,
        String hypothesis,
        String learning,
        String improvement,
        Map<String, String> variables,
        List<TargetDef> targets,
        List<ProbeDef> probes,
        List<LoadDef> loads,
        SteadyState steadyState,
        List<Condition> expectations,
        List<Step> method,
        Guardrails guardrails) {

    /**
     * A JVM: {@code locator} is what {@code faultline <command> <target>} takes (a pid, a part of
     * the main class or jar name, {@code host:port}, a JMX service URL); credentials for remote JMX
     * come from the environment.
     */
    public record TargetDef(
            String name, String locator, String jmxUser, String jmxPassword, boolean jmxTls) {
        /**
         * A target given by name is found again by name after it restarts; one given by pid is not.
         */
        boolean byName() {
            return !locator.matches("\\d+")
                    && !locator.startsWith("service:jmx:")
                    && !locator.matches(".+:\\d+");
        }
    }

    /** A time series: what to read, and how often. */
    /**
     * @param delta the probe's values less its first value: a counter read as "since the run
     *     started"
     */
    public record ProbeDef(
            String name, Duration every, ProbeSource source, boolean delta, int line) {}

    /** Where a probe reads its value. */
    public sealed interface ProbeSource {
        String kind();

        /**
         * The unit of the probe's values, for charts ({@code ms}, {@code bytes}, {@code %}, or
         * empty).
         */
        String unit();
    }

    /**
     * @param measure {@code status}, {@code latency}, {@code json} (with {@code path}) or {@code
     *     regex} (with {@code path} holding the pattern)
     */
    public record HttpSource(
            String url,
            String method,
            Map<String, String> headers,
            String body,
            Duration timeout,
            String measure,
            String path)
            implements ProbeSource {
        public String kind() {
            return "http";
        }

        public String unit() {
            return measure.equals("latency") ? "ms" : "";
        }
    }

    /**
     * @param combine how the values of several matching MBeans are combined: {@code sum}, {@code
     *     max}, {@code min}
     */
    public record JmxSource(String target, String mbean, String attribute, String combine)
            implements ProbeSource {
        public String kind() {
            return "jmx";
        }

        public String unit() {
            return "";
        }
    }

    /**
     * @param figure {@code heap-used}, {@code threads}, {@code gc-time}, {@code cpu}, {@code
     *     alive}, {@code restarts}
     */
    public record JvmSource(String target, String figure) implements ProbeSource {
        public String kind() {
            return "jvm";
        }

        public String unit() {
            return switch (figure) {
                case "heap-used" -> "bytes";
                case "gc-time" -> "ms";
                case "cpu" -> "%";
                default -> "";
            };
        }
    }

    /**
     * Faultline's own counters of one fault of this run (or all of them, {@code fault == null}) on
     * a target.
     */
    public record FaultCounterSource(String target, String fault, String counter)
            implements ProbeSource {
        public String kind() {
            return "faults";
        }

        public String unit() {
            return "";
        }
    }

    /**
     * @param value {@code exit-code}, or {@code output} (the first number the command prints)
     */
    public record CommandSource(String command, String value, Duration timeout)
            implements ProbeSource {
        public String kind() {
            return "command";
        }

        public String unit() {
            return "";
        }
    }

    /**
     * Built-in HTTP load ({@code url} with {@code rate} requests per second or {@code concurrency}
     * workers), or an external command ({@code command}) run for as long as the load lasts.
     */
    public record LoadDef(
            String name,
            String url,
            String method,
            Map<String, String> headers,
            String body,
            Integer rate,
            Integer concurrency,
            Duration timeout,
            boolean autostart,
            String command) {}

    public record SteadyState(
            List<Condition> conditions, Duration settle, Duration recoversWithin) {}

    public record Guardrails(Duration maxDuration, List<Condition> abortWhen) {}

    /**
     * One step of the method's timeline; {@code at} (may be null) waits until that offset from the
     * method's start.
     */
    public sealed interface Step {
        Duration at();

        int line();
    }

    /**
     * @param spec the fault spec as the agent takes it, without {@code id} and {@code target(s)}
     */
    /**
     * @param path where the spec is in the file ({@code method[2].enable}), for the fields the
     *     agent's parser names
     */
    public record EnableStep(
            Duration at,
            String fault,
            List<String> targets,
            ObjectNode spec,
            Duration ownDuration,
            int line,
            String path)
            implements Step {}

    /**
     * @param fault a fault id of this run, or {@code all}
     */
    /**
     * @param path where the step's fault id is in the file ({@code method[3].disable})
     */
    public record DisableStep(Duration at, String fault, int line, String path) implements Step {}

    public record WaitStep(Duration at, Duration pause, int line) implements Step {}

    public record RunStep(Duration at, String command, Duration timeout, int line)
            implements Step {}

    public record LoadStep(Duration at, String load, boolean start, int line) implements Step {}

    /** Branches run at the same time; the step ends when every branch has. */
    public record ParallelStep(Duration at, List<List<Step>> branches, int line) implements Step {}

    /** The probe names conditions may refer to: the probes, and each load's series. */
    public List<String> seriesNames() {
        List<String> names = new java.util.ArrayList<>();
        probes.forEach(p -> names.add(p.name()));
        loads.stream()
                .filter(l -> l.url() != null)
                .forEach(l -> LoadSeries.NAMES.forEach(s -> names.add(l.name() + "." + s)));
        return names;
    }
}
