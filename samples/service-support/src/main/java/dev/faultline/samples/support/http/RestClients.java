// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.http;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Makes the RestClients of a service's calls to other services, all on one JDK {@link HttpClient}
 * (the client Faultline's {@code http.client} point instruments): a connect timeout for every call,
 * and a read timeout per client (the request's timeout, which is also where an injected {@code
 * hang} ends).
 */
public final class RestClients {
    private final HttpClient httpClient;
    private final RestClient.Builder builder;

    public RestClients(RestClient.Builder builder, Duration connectTimeout) {
        // HTTP/1.1: the services speak plain HTTP, and the JDK client's HTTP/2 upgrade attempt is
        // only overhead.
        this.httpClient =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .build();
        this.builder = builder;
    }

    /** A client whose requests fail after {@code readTimeout} without a response. */
    public RestClient create(Duration readTimeout) {
        return create(null, readTimeout);
    }

    /**
     * A client for one base URL (coordination's) whose requests fail after {@code readTimeout}
     * without a response.
     */
    public RestClient create(String baseUrl, Duration readTimeout) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(readTimeout);
        RestClient.Builder clientBuilder = builder.clone().requestFactory(requestFactory);
        if (baseUrl != null) {
            clientBuilder.baseUrl(baseUrl);
        }
        return clientBuilder.build();
    }
}
