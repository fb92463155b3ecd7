// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who asked for a change to the faults, and through which front end: the start-up config file, jcmd
 * (and the {@code faultline} CLI, which loads the agent the same way), JMX, or the agent itself (a
 * fault that expires, the faults ended by a detach). Carried from the front end through {@code
 * Control} and the registry to every listener, so that the audit log can say it.
 */
public final class Origin {
    /** A fault that reached the end of its duration: no one asked. */
    public static final Origin EXPIRY = new Origin("agent", null, null, null);

    private final String via;
    private final String user;
    private final String principal;
    private final String source;

    private Origin(String via, String user, String principal, String source) {
        this.via = via;
        this.user = user;
        this.principal = principal;
        this.source = source;
    }

    /**
     * The start-up {@code config=} file, read by the OS user the JVM runs as.
     *
     * @param file the file as the option named it
     */
    public static Origin config(String file) {
        return new Origin("config", jvmUser(), null, file);
    }

    /**
     * A jcmd command (or the CLI's). The JVM's attach mechanism lets in only the OS user the JVM
     * runs as (or root), and does not tell the agent which of them: the user recorded is the JVM's.
     */
    public static Origin jcmd() {
        return new Origin("jcmd", jvmUser(), null, null);
    }

    /**
     * A JMX operation. The OS user of a JMX client is unknown to the JVM; its principal is known
     * when the connector authenticated it.
     *
     * @param principal the authenticated principal's name(s), or {@code null} (local connector, no
     *     authentication)
     */
    public static Origin jmx(String principal) {
        return new Origin("jmx", null, principal, null);
    }

    /** {@code config}, {@code jcmd}, {@code jmx} or {@code agent}. */
    public String via() {
        return via;
    }

    /** The OS user, where the front end lets the agent know it; else {@code null}. */
    public String user() {
        return user;
    }

    /** The JMX principal, where the connector authenticated one; else {@code null}. */
    public String principal() {
        return principal;
    }

    /** The config file, for {@link #config}; else {@code null}. */
    public String source() {
        return source;
    }

    /**
     * The fields of the audit log's JSON lines: {@code via}, and {@code user}, {@code principal},
     * {@code source} where known.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("via", via);
        if (user != null) out.put("user", user);
        if (principal != null) out.put("principal", principal);
        if (source != null) out.put("source", source);
        return out;
    }

    /**
     * As the plain-text log says it: {@code jcmd (user alice)}, {@code jmx (principal ops)}, {@code
     * config /etc/faults.yaml (user svc)}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(via);
        if (source != null) text.append(' ').append(source);
        if (user != null) text.append(" (user ").append(user).append(')');
        if (principal != null) text.append(" (principal ").append(principal).append(')');
        return text.toString();
    }

    private static String jvmUser() {
        return System.getProperty("user.name");
    }
}
