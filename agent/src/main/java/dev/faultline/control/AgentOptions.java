// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import dev.faultline.core.AgentLog;
import dev.faultline.core.AgentPolicy;
import dev.faultline.core.Durations;
import dev.faultline.core.Protocol;
import dev.faultline.core.SpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Start-up options: {@code -javaagent:faultline-agent.jar=key=value,...} and the environment
 * variable {@code FAULTLINE_OPTS} (same syntax; the agent argument wins on conflicts). Keys: {@code
 * config}, {@code allow}, {@code max-duration}, {@code log}, {@code log-format}, {@code
 * instrument}.
 */
public final class AgentOptions {
    static final List<String> KEYS =
            Arrays.asList(
                    Protocol.OPTION_CONFIG,
                    Protocol.OPTION_ALLOW,
                    Protocol.OPTION_MAX_DURATION,
                    Protocol.OPTION_LOG,
                    Protocol.OPTION_LOG_FORMAT,
                    Protocol.OPTION_INSTRUMENT);

    /**
     * When an agent started with the JVM instruments, given no {@code config=} (whose faults need
     * the instrumentation before {@code main}): {@code instrument=after-start} (the default) once
     * the application's start has settled, {@code at-start} before {@code main}, {@code on-demand}
     * only when a command or a fault first needs it. Each of them instruments before the first
     * fault is enabled.
     */
    public enum Instrument {
        AFTER_START("after-start"),
        AT_START("at-start"),
        ON_DEMAND("on-demand");

        private final String option;

        Instrument(String option) {
            this.option = option;
        }
    }

    private final Map<String, String> values;

    private AgentOptions(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code FAULTLINE_OPTS} and then the agent argument, which overrides it. */
    public static AgentOptions parse(String environment, String agentArgument) {
        Map<String, String> values = new LinkedHashMap<>();
        parseInto(values, environment, "FAULTLINE_OPTS");
        parseInto(values, agentArgument, "agent options");
        AgentOptions options = new AgentOptions(values);
        options.policy(); // validates allow= and max-duration= up front
        options.logFormat();
        options.instrument();
        return options;
    }

    /**
     * Whether an agent argument is start-up options rather than a control command: it is when its
     * first token is {@code key=value} with a known key.
     */
    public static boolean looksLikeOptions(String argument) {
        if (argument == null || argument.trim().isEmpty()) {
            return true;
        }
        String first = argument.trim().split("[,\\s]", 2)[0];
        int eq = first.indexOf('=');
        return eq > 0 && KEYS.contains(first.substring(0, eq));
    }

    /**
     * {@code key=value} pairs separated by commas; a part without {@code =} continues the previous
     * value ({@code allow=a,b}).
     */
    private static void parseInto(Map<String, String> values, String text, String source) {
        if (text == null || text.trim().isEmpty()) {
            return;
        }
        String lastKey = null;
        for (String part : text.trim().split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && KEYS.contains(part.substring(0, eq).trim())) {
                lastKey = part.substring(0, eq).trim();
                values.put(lastKey, part.substring(eq + 1).trim());
            } else if (lastKey != null && eq < 0) {
                values.put(lastKey, values.get(lastKey) + "," + part.trim());
            } else {
                String key = eq > 0 ? part.substring(0, eq).trim() : part.trim();
                throw new SpecException(
                        source
                                + ": unknown option '"
                                + key
                                + "'; expected key=value with keys "
                                + String.join(", ", KEYS)
                                + " (e.g. config=/etc/faults.yaml,max-duration=30m)");
            }
        }
    }

    /** The {@code config=} file, or {@code null}. */
    public String config() {
        return values.get(Protocol.OPTION_CONFIG);
    }

    /** The {@code log=} destination, or {@code null} for stderr. */
    public String log() {
        return values.get(Protocol.OPTION_LOG);
    }

    /**
     * The {@code log-format=}: {@code text} (default) or {@code json} (one JSON object per line).
     */
    public AgentLog.Format logFormat() {
        String format = values.get(Protocol.OPTION_LOG_FORMAT);
        if (format == null || format.equals("text")) {
            return AgentLog.Format.TEXT;
        }
        if (format.equals("json")) {
            return AgentLog.Format.JSON;
        }
        throw SpecException.field(
                Protocol.OPTION_LOG_FORMAT,
                "'"
                        + format
                        + "' is not a log format; expected text or json"
                        + " (e.g. log=/var/log/faultline-audit.jsonl,log-format=json)");
    }

    /** The {@code instrument=} option: when an agent started idle instruments. */
    public Instrument instrument() {
        String when = values.get(Protocol.OPTION_INSTRUMENT);
        if (when == null) {
            return Instrument.AFTER_START;
        }
        for (Instrument instrument : Instrument.values()) {
            if (instrument.option.equals(when)) {
                return instrument;
            }
        }
        throw SpecException.field(
                Protocol.OPTION_INSTRUMENT,
                "'"
                        + when
                        + "' is not a time to instrument; expected after-start, at-start or on-demand"
                        + " (e.g. instrument=at-start)");
    }

    public AgentPolicy policy() {
        Duration max = AgentPolicy.DEFAULT_MAX_DURATION;
        if (values.containsKey(Protocol.OPTION_MAX_DURATION)) {
            max =
                    Durations.parse(
                            Protocol.OPTION_MAX_DURATION, values.get(Protocol.OPTION_MAX_DURATION));
            if (max.isZero()) {
                throw SpecException.field(Protocol.OPTION_MAX_DURATION, "must be longer than 0s");
            }
        }
        LinkedHashSet<String> allowed = null;
        if (values.containsKey(Protocol.OPTION_ALLOW)) {
            allowed = new LinkedHashSet<>();
            for (String point : values.get(Protocol.OPTION_ALLOW).split("[,;]")) {
                if (!point.trim().isEmpty()) {
                    allowed.add(point.trim());
                }
            }
        }
        return new AgentPolicy(allowed, max);
    }

    /** Checks that every allowed point exists. */
    public void checkAllowedPoints(List<String> known) {
        AgentPolicy policy = policy();
        if (policy.allowedPoints() == null) {
            return;
        }
        List<String> unknown = new ArrayList<>(policy.allowedPoints());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw SpecException.field(
                    Protocol.OPTION_ALLOW,
                    "unknown point(s) "
                            + String.join(", ", unknown)
                            + "; expected points among "
                            + String.join(", ", known));
        }
    }
}
