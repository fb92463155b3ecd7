// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.web;

import dev.faultline.samples.support.ServiceIdentity;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Builds every error answer of a service, {@code {"error": ..., "service": ..., "instance": ...}},
 * and writes the one log line per failed request: method, path, status and reason.
 */
public final class ErrorBodies {
    private static final Logger log = LoggerFactory.getLogger("dev.faultline.samples.requests");

    private final ServiceIdentity identity;

    public ErrorBodies(ServiceIdentity identity) {
        this.identity = identity;
    }

    public ResponseEntity<Map<String, Object>> answer(
            HttpServletRequest request, HttpStatusCode status, String reason, String field) {
        if (status.is5xxServerError()) {
            log.warn(
                    "{} {} -> {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    status.value(),
                    reason);
        } else {
            log.info(
                    "{} {} -> {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    status.value(),
                    reason);
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body(reason, field));
    }

    public Map<String, Object> body(String reason, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        if (field != null) {
            body.put("field", field);
        }
        body.put("service", identity.service());
        body.put("instance", identity.instanceId());
        return body;
    }
}
