// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

/**
 * The names the agent and its clients (the {@code faultline} CLI, the experiment runner,
 * faultline-junit) must agree on: MBean object names and operations, jcmd verbs, the system
 * properties commands answer in, the agent-option keys and the fields of the status JSON.
 *
 * <p>Every member is a compile-time constant. The clients compile against this class (the agent is
 * a {@code provided} dependency of theirs) and javac copies the values into their own classes, so
 * they never load this class: at run time the agent stays in its own jar, out of the clients' and
 * the applications' class paths.
 */
public final class Protocol {
    private Protocol() {}

    // ---- JMX

    /** The MBean that enables, disables and lists faults. */
    public static final String FAULTS_MBEAN = "dev.faultline:type=Faults";

    /** The MBean that records calls in explore mode. */
    public static final String RECORDER_MBEAN = "dev.faultline:type=Recorder";

    /** {@code Faults} operations. */
    public static final String OP_ENABLE = "enable";

    public static final String OP_DISABLE = "disable";
    public static final String OP_DISABLE_ALL = "disableAll";
    public static final String OP_LIST = "list";

    // ---- jcmd verbs (the agent argument of JVMTI.agent_load, and the attach API's loadAgent)

    /** {@code enable <point> <action> [key:value ...]} */
    public static final String VERB_ENABLE = "enable";

    /** {@code enable-json <spec>} */
    public static final String VERB_ENABLE_JSON = "enable-json";

    /** {@code apply <file>} */
    public static final String VERB_APPLY = "apply";

    /** {@code disable <id>} */
    public static final String VERB_DISABLE = "disable";

    /** {@code disable-all} */
    public static final String VERB_DISABLE_ALL = "disable-all";

    /** {@code status}: publishes the status property and changes nothing. */
    public static final String VERB_STATUS = "status";

    /** {@code detach} */
    public static final String VERB_DETACH = "detach";

    // ---- system properties of the target JVM

    /** The agent's version, set while it is loaded. */
    public static final String VERSION_PROPERTY = "faultline.version";

    /** The result of the last command: {@code ok ...} or {@code error: ...}. */
    public static final String LAST_PROPERTY = "faultline.last";

    /** The active faults as the status JSON, refreshed after each command. */
    public static final String STATUS_PROPERTY = "faultline.status";

    /** The points the agent's {@code allow=} option lets faults be enabled on, comma-separated. */
    public static final String ALLOW_PROPERTY = "faultline.allow";

    // ---- agent options (agent argument, FAULTLINE_OPTS)

    public static final String OPTION_CONFIG = "config";
    public static final String OPTION_ALLOW = "allow";
    public static final String OPTION_MAX_DURATION = "max-duration";
    public static final String OPTION_LOG = "log";
    public static final String OPTION_LOG_FORMAT = "log-format";
    public static final String OPTION_INSTRUMENT = "instrument";

    // ---- the status JSON (list(), faultline.status): one object per active fault, beside its spec

    public static final String STATUS_ID = "id";
    public static final String STATUS_POINT = "point";
    public static final String STATUS_ACTION = "action";
    public static final String STATUS_DELAY = "delay";
    public static final String STATUS_ERROR = "error";
    public static final String STATUS_MATCH = "match";
    public static final String STATUS_INSTRUMENTED = "instrumented";

    /** Libraries found in a version the point does not support, each with why (absent if none). */
    public static final String STATUS_UNSUPPORTED = "unsupported";

    public static final String STATUS_MATCHED = "matched";
    public static final String STATUS_INJECTED = "injected";
    public static final String STATUS_REMAINING = "remaining";
    public static final String STATUS_REMAINING_MILLIS = "remainingMillis";
}
