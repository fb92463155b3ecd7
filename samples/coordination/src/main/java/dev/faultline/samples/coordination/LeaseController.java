// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.coordination;

import dev.faultline.samples.support.web.ServiceException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class LeaseController {
    private final Leases leases;

    public LeaseController(Leases leases) {
        this.leases = leases;
    }

    public record LeaseRequest(String holder, String ttl) {}

    public record RenewRequest(String holder, Long token, String ttl) {}

    @PostMapping("/leases/{name}")
    public ResponseEntity<?> acquire(@PathVariable String name, @RequestBody LeaseRequest request) {
        String holder = required("holder", request.holder());
        Duration ttl = duration("ttl", request.ttl() == null ? "10s" : request.ttl());
        return leases.acquire(name, holder, ttl)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> conflict(name));
    }

    @PutMapping("/leases/{name}/renew")
    public ResponseEntity<?> renew(@PathVariable String name, @RequestBody RenewRequest request) {
        String holder = required("holder", request.holder());
        if (request.token() == null) {
            throw ServiceException.badRequest("token", "required");
        }
        Duration ttl = request.ttl() == null ? null : duration("ttl", request.ttl());
        return leases.renew(name, holder, request.token(), ttl)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> conflict(name));
    }

    @DeleteMapping("/leases/{name}")
    public ResponseEntity<?> release(
            @PathVariable String name, @RequestParam String holder, @RequestParam long token) {
        if (leases.release(name, holder, token) || leases.current(name).isEmpty()) {
            return ResponseEntity.noContent().build();
        }
        return conflict(name);
    }

    @GetMapping("/leases/{name}")
    public Leases.Grant current(@PathVariable String name) {
        return leases.current(name)
                .orElseThrow(
                        () ->
                                new ServiceException(
                                        HttpStatus.NOT_FOUND, "lease " + name + " is not held"));
    }

    /** 409 with who holds the lease now (nobody, when a renewal came after expiry). */
    private ResponseEntity<?> conflict(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        leases.current(name)
                .ifPresentOrElse(
                        grant -> {
                            body.put("error", "lease " + name + " is held by " + grant.holder());
                            body.put("holder", grant.holder());
                            body.put("expiresAt", grant.expiresAt());
                        },
                        () -> {
                            body.put(
                                    "error",
                                    "lease "
                                            + name
                                            + " is not held by the caller (expired or released)");
                            body.put("holder", null);
                            body.put("expiresAt", null);
                        });
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ServiceException.badRequest(field, "required");
        }
        return value;
    }

    private static Duration duration(String field, String value) {
        try {
            Duration duration = DurationStyle.detectAndParse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw ServiceException.badRequest(field, "expected a positive duration such as 2s");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest(
                    field, "'" + value + "' is not a duration such as 500ms or 2s");
        }
    }
}
