// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import dev.faultline.samples.support.Failures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The coordination service's HTTP API as this service uses it: registry and leases. Every call
 * records in {@link CoordinationStatus} whether coordination answered; a call it does not answer
 * throws {@link CoordinationUnavailableException}. An answer such as 404 or 409 is an answer.
 */
public final class CoordinationClient {
    private static final ParameterizedTypeReference<List<ServiceInstance>> INSTANCES =
            new ParameterizedTypeReference<>() {};

    private final RestClient http;
    private final String baseUrl;
    private final CoordinationStatus status;

    public CoordinationClient(RestClient http, String baseUrl, CoordinationStatus status) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.status = status;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public void register(String service, String instanceId, String url) {
        call(
                "register " + instanceId,
                () ->
                        http.post()
                                .uri("/registry/{service}", service)
                                .body(Map.of("instanceId", instanceId, "url", url))
                                .retrieve()
                                .toBodilessEntity());
    }

    /** False when coordination no longer knows the instance (it expired): register again. */
    public boolean heartbeat(String service, String instanceId) {
        return call(
                "heartbeat " + instanceId,
                () -> {
                    try {
                        http.put()
                                .uri(
                                        "/registry/{service}/{instanceId}/heartbeat",
                                        service,
                                        instanceId)
                                .retrieve()
                                .toBodilessEntity();
                        return true;
                    } catch (HttpClientErrorException.NotFound e) {
                        return false;
                    }
                });
    }

    public void deregister(String service, String instanceId) {
        call(
                "deregister " + instanceId,
                () ->
                        http.delete()
                                .uri("/registry/{service}/{instanceId}", service, instanceId)
                                .retrieve()
                                .toBodilessEntity());
    }

    public List<ServiceInstance> instances(String service) {
        List<ServiceInstance> instances =
                call(
                        "look up " + service,
                        () ->
                                http.get()
                                        .uri("/registry/{service}", service)
                                        .retrieve()
                                        .body(INSTANCES));
        return instances == null ? List.of() : instances;
    }

    public LeaseAttempt acquireLease(String name, String holder, Duration ttl) {
        return call(
                "acquire lease " + name,
                () -> {
                    try {
                        LeaseGrant grant =
                                http.post()
                                        .uri("/leases/{name}", name)
                                        .body(
                                                Map.of(
                                                        "holder",
                                                        holder,
                                                        "ttl",
                                                        ttl.toMillis() + "ms"))
                                        .retrieve()
                                        .body(LeaseGrant.class);
                        return LeaseAttempt.granted(grant);
                    } catch (HttpClientErrorException.Conflict e) {
                        Map<?, ?> held = e.getResponseBodyAs(Map.class);
                        Object heldBy = held == null ? null : held.get("holder");
                        Object until = held == null ? null : held.get("expiresAt");
                        return LeaseAttempt.refused(
                                String.valueOf(heldBy),
                                until == null ? null : Instant.parse(until.toString()));
                    }
                });
    }

    public void releaseLease(LeaseGrant grant) {
        call(
                "release lease " + grant.name(),
                () ->
                        http.delete()
                                .uri(
                                        "/leases/{name}?holder={holder}&token={token}",
                                        grant.name(),
                                        grant.holder(),
                                        grant.token())
                                .retrieve()
                                .toBodilessEntity());
    }

    private <T> T call(String what, Supplier<T> request) {
        try {
            T result = request.get();
            status.answered();
            return result;
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().is4xxClientError()) {
                // coordination answered; the caller's request was wrong, which is a bug worth
                // seeing
                status.answered();
                throw e;
            }
            String error = what + ": coordination answered " + e.getStatusCode().value();
            status.failed(error);
            throw new CoordinationUnavailableException(error, e);
        } catch (RestClientException e) {
            // Says which dependency failed: the caller's message ("cannot discover inventory: ...")
            // would otherwise name only the service it was looking for.
            String error =
                    what
                            + ": coordination at "
                            + baseUrl
                            + " unreachable ("
                            + Failures.describe(e)
                            + ")";
            status.failed(error);
            throw new CoordinationUnavailableException(error, e);
        }
    }
}
