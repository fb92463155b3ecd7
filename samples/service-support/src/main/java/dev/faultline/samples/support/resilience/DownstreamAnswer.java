// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.resilience;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An answer below 500 from another service: its status, JSON body (possibly empty) and the instance
 * that gave it.
 */
public record DownstreamAnswer(int status, JsonNode body, String instanceId) {
    /** A text field of the body, or {@code fallback}. */
    public String text(String field, String fallback) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
