// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

/**
 * A JDK {@code HttpResponse} of a {@code status} fault, its body made by the application's own
 * BodyHandler.
 */
final class SyntheticHttpResponse<T> implements HttpResponse<T> {
    private final HttpRequest request;
    private final int statusCode;
    private final HttpHeaders headers;
    private final T body;

    private SyntheticHttpResponse(
            HttpRequest request, int statusCode, HttpHeaders headers, T body) {
        this.request = request;
        this.statusCode = statusCode;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Runs the body through the handler's subscriber, as the client does with the bytes it
     * receives.
     */
    static <T> CompletableFuture<HttpResponse<T>> deliver(
            SyntheticResponse response, HttpRequest request, BodyHandler<T> handler) {
        HttpHeaders headers = HttpHeaders.of(response.headerLists(), (name, value) -> true);
        BodySubscriber<T> subscriber =
                handler.apply(
                        new ResponseInfo() {
                            @Override
                            public int statusCode() {
                                return response.code;
                            }

                            @Override
                            public HttpHeaders headers() {
                                return headers;
                            }

                            @Override
                            public HttpClient.Version version() {
                                return HttpClient.Version.HTTP_1_1;
                            }
                        });
        AtomicBoolean delivered = new AtomicBoolean();
        subscriber.onSubscribe(
                new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        if (delivered.compareAndSet(false, true)) {
                            if (response.body.length > 0) {
                                subscriber.onNext(
                                        Collections.singletonList(ByteBuffer.wrap(response.body)));
                            }
                            subscriber.onComplete();
                        }
                    }

                    @Override
                    public void cancel() {
                        delivered.set(true);
                    }
                });
        return subscriber
                .getBody()
                .toCompletableFuture()
                .thenApply(
                        body -> new SyntheticHttpResponse<>(request, response.code, headers, body));
    }

    @Override
    public int statusCode() {
        return statusCode;
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public T body() {
        return body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }

    @Override
    public String toString() {
        return "(" + request.method() + " " + request.uri() + ") " + statusCode;
    }
}
