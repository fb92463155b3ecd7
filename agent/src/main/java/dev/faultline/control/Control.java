// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.AgentLog;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.JsonText;
import dev.faultline.core.Origin;
import dev.faultline.core.SpecParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The operations every front end (config file, jcmd, JMX) offers, over the one registry. Each
 * change carries its {@link Origin}, so that the audit log says who made it through which front
 * end.
 */
public final class Control {
    private final FaultRegistry registry;
    private final SpecParser parser;
    private final AgentLog log;
    private final String version;
    private final Consumer<Origin> uninstall;
    private final Runnable beforeEnable;

    /**
     * @param uninstall removes the agent from the JVM (the {@code detach} command), ending the
     *     faults in the name of the given origin
     */
    public Control(
            FaultRegistry registry,
            SpecParser parser,
            AgentLog log,
            String version,
            Consumer<Origin> uninstall) {
        this(registry, parser, log, version, uninstall, () -> {});
    }

    /**
     * @param beforeEnable runs before valid specs are enabled: the agent installs there what a
     *     fault needs in place to act from when its command returns
     */
    public Control(
            FaultRegistry registry,
            SpecParser parser,
            AgentLog log,
            String version,
            Consumer<Origin> uninstall,
            Runnable beforeEnable) {
        this.registry = registry;
        this.parser = parser;
        this.log = log;
        this.version = version;
        this.uninstall = uninstall;
        this.beforeEnable = beforeEnable;
    }

    /**
     * Ends every fault and removes the agent: the instrumented classes get their original bytecode
     * back.
     */
    public void detach(Origin origin) {
        uninstall.accept(origin);
    }

    /** The parser: what fields a spec may give (the jcmd form builds specs from key:value). */
    public SpecParser parser() {
        return parser;
    }

    /** Enables the faults of a JSON document (one spec or a list) and returns their ids. */
    public List<String> enableJson(String json, Origin origin) {
        return enable(parser.parseJson(json), origin);
    }

    /** Enables the faults of a spec given as a tree. */
    public List<String> enableTree(JsonNode tree, Origin origin) {
        return enable(parser.parseTree(tree), origin);
    }

    /** Enables the faults of a JSON or YAML file. */
    public List<String> apply(Path file, Origin origin) {
        return enable(parser.parseFile(file), origin);
    }

    public boolean disable(String id, Origin origin) {
        return registry.disable(id, origin);
    }

    public int disableAll(Origin origin) {
        return registry.disableAll(origin);
    }

    /**
     * Records a command that changed or tried to change the faults, with its result line, in the
     * audit log.
     */
    public void audit(Origin origin, String command, String result) {
        log.command(origin, command, result);
    }

    public int activeCount() {
        return registry.activeCount();
    }

    public String version() {
        return version;
    }

    /** The active faults with their counters, as a JSON array. */
    public String listJson() {
        // The status published at start-up, with no fault: nothing to build.
        List<ActiveFault> active = registry.list();
        if (active.isEmpty()) {
            return "[]";
        }
        List<Map<String, Object>> faults = new ArrayList<>();
        for (ActiveFault fault : active) {
            faults.add(fault.toMap());
        }
        return write(faults);
    }

    /**
     * Failures of the agent itself since it started (each was logged once per kind and kept from
     * the application).
     */
    public long agentErrors() {
        return log.internalErrors();
    }

    private List<String> enable(List<FaultSpec> specs, Origin origin) {
        if (!specs.isEmpty()) {
            beforeEnable.run();
        }
        List<String> ids = new ArrayList<>();
        for (ActiveFault fault : registry.enable(specs, origin)) {
            ids.add(fault.id());
        }
        return ids;
    }

    private static String write(Object value) {
        return JsonText.write(value);
    }
}
