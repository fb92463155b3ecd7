package dev.faultline.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.AgentLog;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operations every front end (config file, jcmd, JMX) offers, over the one registry. */
public final class Control {
    private final FaultRegistry registry;
    private final SpecParser parser;
    private final AgentLog log;
    private final String version;
    private final Runnable uninstall;

    /** @param uninstall removes the agent from the JVM (the {@code detach} command) */
    public Control(FaultRegistry registry, SpecParser parser, AgentLog log, String version, Runnable uninstall) {
        this.registry = registry;
        this.parser = parser;
        this.log = log;
        this.version = version;
        this.uninstall = uninstall;
    }

    /** Ends every fault and removes the agent: the instrumented classes get their original bytecode back. */
    public void detach() {
        uninstall.run();
    }

    /** Enables the faults of a JSON document (one spec or a list) and returns their ids. */
    public List<String> enableJson(String json) {
        return enable(parser.parseJson(json));
    }

    /** Enables the faults of a spec given as a tree. */
    public List<String> enableTree(JsonNode tree) {
        return enable(parser.parseTree(tree));
    }

    /** Enables the faults of a JSON or YAML file. */
    public List<String> apply(Path file) {
        return enable(parser.parseFile(file));
    }

    public boolean disable(String id) {
        return registry.disable(id);
    }

    public int disableAll() {
        return registry.disableAll();
    }

    public int activeCount() {
        return registry.activeCount();
    }

    public String version() {
        return version;
    }

    /** The active faults with their counters, as a JSON array. */
    public String listJson() {
        List<Map<String, Object>> faults = new ArrayList<>();
        for (ActiveFault fault : registry.list()) {
            faults.add(fault.toMap());
        }
        return write(faults);
    }

    /** Failures of the agent itself since it started (each was logged once per kind and kept from the application). */
    public long agentErrors() {
        return log.internalErrors();
    }

    private List<String> enable(List<FaultSpec> specs) {
        List<String> ids = new ArrayList<>();
        for (ActiveFault fault : registry.enable(specs)) {
            ids.add(fault.id());
        }
        return ids;
    }

    private String write(Object value) {
        try {
            return parser.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write status", e);
        }
    }
}
