// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.faultline.samples.support.Failures;
import dev.faultline.samples.support.coordination.ServiceDiscovery;
import dev.faultline.samples.support.coordination.ServiceInstance;
import dev.faultline.samples.support.web.ServiceException;
import java.util.function.BiFunction;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls one downstream service: an instance from discovery in turn, the request on the JDK
 * HttpClient with the configured read timeout, inside the circuit breaker and bulkhead when they
 * are on. Answers below 500 (404, 409, 422 ...) are the service's answers and are returned, never
 * counted as failures by the circuit breaker; everything else is a {@link DownstreamFailure}.
 */
public final class DownstreamClient {
    private final String service;
    private final ServiceDiscovery discovery;
    private final RestClient http;
    private final DownstreamGuard guard;

    public DownstreamClient(
            String service, ServiceDiscovery discovery, RestClient http, DownstreamGuard guard) {
        this.service = service;
        this.discovery = discovery;
        this.http = http;
        this.guard = guard;
    }

    /**
     * Sends the request {@code request} builds for an instance's base URL.
     *
     * @throws DownstreamFailure when no usable answer came, discovery finding no instance included
     */
    public DownstreamAnswer send(
            BiFunction<RestClient, String, RestClient.RequestHeadersSpec<?>> request) {
        ServiceInstance instance;
        try {
            instance = discovery.choose(service);
        } catch (ServiceException e) {
            throw new DownstreamFailure(e.getMessage(), e);
        }
        try {
            return guard.call(() -> exchange(request.apply(http, instance.url()), instance));
        } catch (DownstreamFailure e) {
            throw e;
        } catch (RuntimeException e) {
            String refusal = guard.refusal(e);
            if (refusal != null) {
                throw new DownstreamFailure(refusal, e);
            }
            throw new DownstreamFailure(
                    instance.instanceId() + " did not answer: " + Failures.describe(e), e);
        }
    }

    private DownstreamAnswer exchange(
            RestClient.RequestHeadersSpec<?> request, ServiceInstance instance) {
        try {
            return request.exchange(
                    (req, response) -> {
                        int status = response.getStatusCode().value();
                        DownstreamAnswer answer =
                                new DownstreamAnswer(
                                        status, jsonBody(response), instance.instanceId());
                        if (status >= 500) {
                            throw new DownstreamFailure(
                                    instance.instanceId()
                                            + " answered "
                                            + status
                                            + ": "
                                            + answer.text("error", "no reason given"),
                                    null);
                        }
                        return answer;
                    });
        } catch (RestClientException e) {
            throw new DownstreamFailure(
                    instance.instanceId() + " did not answer: " + Failures.describe(e), e);
        }
    }

    /**
     * The body as JSON; a body that is not JSON (a proxy's error page, a synthetic text answer)
     * reads as missing.
     */
    private static JsonNode jsonBody(
            RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse response) {
        try {
            JsonNode body = response.bodyTo(JsonNode.class);
            return body == null ? MissingNode.getInstance() : body;
        } catch (RuntimeException e) {
            return MissingNode.getInstance();
        }
    }
}
