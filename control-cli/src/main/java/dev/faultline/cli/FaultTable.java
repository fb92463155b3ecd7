// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.Protocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The agent's list of active faults as a table for people. */
final class FaultTable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultTable() {}

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new CliException(
                    CliException.FAILED, "the agent's fault list is not JSON: " + e.getMessage());
        }
    }

    static String render(String json) {
        JsonNode faults = parse(json);
        if (faults.size() == 0) {
            return "no active faults\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "POINT", "ACTION", "MATCHED", "INJECTED", "LEFT", "MATCH"});
        for (JsonNode fault : faults) {
            StringBuilder match = new StringBuilder();
            fault.path(Protocol.STATUS_MATCH)
                    .fields()
                    .forEachRemaining(
                            e ->
                                    match.append(match.length() == 0 ? "" : " ")
                                            .append(e.getKey())
                                            .append('=')
                                            .append(e.getValue().asText()));
            String action =
                    fault.path(Protocol.STATUS_ACTION).asText()
                            + (fault.has(Protocol.STATUS_DELAY)
                                    ? " " + fault.path(Protocol.STATUS_DELAY).asText()
                                    : "")
                            + (fault.has(Protocol.STATUS_ERROR)
                                    ? " " + fault.path(Protocol.STATUS_ERROR).asText()
                                    : "")
                            + (fault.has("code") ? " " + fault.path("code").asText() : "");
            rows.add(
                    new String[] {
                        fault.path(Protocol.STATUS_ID).asText(),
                        fault.path(Protocol.STATUS_POINT).asText()
                                + (fault.path(Protocol.STATUS_INSTRUMENTED).asBoolean(true)
                                        ? ""
                                        : " (not loaded)"),
                        action,
                        fault.path(Protocol.STATUS_MATCHED).asText(),
                        fault.path(Protocol.STATUS_INJECTED).asText(),
                        left(fault.path(Protocol.STATUS_REMAINING_MILLIS).asLong()),
                        match.toString()
                    });
        }
        // A library the agent does not support: the point stays off for it, which the table alone
        // would hide (the point shows as loaded when another client of it is).
        Set<String> unsupported = new LinkedHashSet<>();
        for (JsonNode fault : faults) {
            for (JsonNode reason : fault.path(Protocol.STATUS_UNSUPPORTED)) {
                unsupported.add(
                        fault.path("point").asText()
                                + ": "
                                + reason.asText()
                                + "; the point stays off for it\n");
            }
        }
        return FaultlineCli.Text.columns(rows) + String.join("", unsupported);
    }

    private static String left(long millis) {
        long seconds = millis / 1000;
        return seconds >= 60
                ? seconds / 60 + "m" + String.format("%02ds", seconds % 60)
                : seconds + "s";
    }
}
