// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.ActiveFault;
import dev.faultline.core.CallDepth;
import dev.faultline.core.DaemonThreads;
import dev.faultline.core.FaultSpec;
import dev.faultline.points.net.NetworkErrors;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The JDK {@code java.net.http.HttpClient}. Its {@code send} and {@code sendAsync} both go through
 * one private {@code sendAsync}, whose returned future the faults replace: a delayed or hung
 * request never blocks the caller of {@code sendAsync}, and {@code send} unwraps the future's
 * failure into the exception it throws, as it does for real failures. The request argument is
 * {@code [HttpRequest, BodyHandler, PushPromiseHandler]}.
 */
final class JdkHttpClientAdapter extends ClientAdapter {
    /** The {@code http.client} point's id, to send the real request without faulting it again. */
    private final IntSupplier pointId;

    /** Times delays and timeouts; completions run on {@link #completions}, never on this thread. */
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("faultline-http-timer"));

    /** Stands in for the client's executor: the application's dependent stages run here. */
    private final ExecutorService completions =
            Executors.newCachedThreadPool(DaemonThreads.named("HttpClient-faultline-Worker"));

    JdkHttpClientAdapter(IntSupplier pointId) {
        this.pointId = pointId;
    }

    @Override
    RequestLine describe(Object client, Object request) {
        HttpRequest httpRequest = (HttpRequest) ((Object[]) request)[0];
        return RequestLine.of(httpRequest.method(), httpRequest.uri());
    }

    /** From the request's {@code URI}, which keeps its parsed parts. */
    @Override
    String value(String key, Object client, Object request) {
        HttpRequest httpRequest = (HttpRequest) ((Object[]) request)[0];
        return "method".equals(key)
                ? httpRequest.method()
                : RequestLine.valueOf(key, httpRequest.uri());
    }

    /** The {@code HttpRequest}: immutable once built. */
    @Override
    Object cacheKey(Object client, Object request) {
        return ((Object[]) request)[0];
    }

    /**
     * The client's own: HttpTimeoutException "request timed out", IOException "Connection reset".
     */
    @Override
    Throwable exception(
            NetworkErrors.Failure failure, FaultSpec spec, Object client, String detail) {
        switch (failure) {
            case TIMEOUT:
                return new HttpTimeoutException(NetworkErrors.message(spec, "request timed out"));
            case RESET:
                return new IOException(NetworkErrors.message(spec, "Connection reset"));
            default:
                return refused(spec, client, detail);
        }
    }

    /** A ConnectException without a message, as the client gives it. */
    @Override
    Throwable refused(FaultSpec spec, Object client, String detail) {
        return new ConnectException(spec.message());
    }

    @Override
    Object fail(Throwable exception, Object client) {
        CompletableFuture<Object> failed = new CompletableFuture<>();
        completions.execute(() -> failed.completeExceptionally(exception));
        return failed;
    }

    @Override
    Object respond(SyntheticResponse response, Object client, Object request) {
        Object[] call = (Object[]) request;
        return SyntheticHttpResponse.deliver(
                response, (HttpRequest) call[0], (HttpResponse.BodyHandler<?>) call[1]);
    }

    @Override
    long readTimeoutMillis(Object client, Object request) {
        Optional<Duration> timeout = ((HttpRequest) ((Object[]) request)[0]).timeout();
        return timeout.map(Duration::toMillis).orElse(0L);
    }

    /** The request goes out once the delay has passed; the caller is not held. */
    @Override
    Object delay(ActiveFault fault, Object client, Object request) {
        CompletableFuture<Object> gate = new CompletableFuture<>();
        timer.schedule(() -> gate.complete(null), fault.nextDelayNanos(), TimeUnit.NANOSECONDS);
        return gate.thenComposeAsync(ignored -> send(client, request), completions);
    }

    /**
     * No response: the future fails with the client's own {@code HttpTimeoutException} when the
     * request's timeout passes; with no timeout it waits. If the fault ends first, the request goes
     * out.
     */
    @Override
    Object hang(ActiveFault fault, Object client, Object request, String detail) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        long timeout = readTimeoutMillis(client, request);
        if (timeout > 0) {
            HttpTimeoutException timedOut =
                    (HttpTimeoutException)
                            exception(NetworkErrors.Failure.TIMEOUT, fault.spec(), client, detail);
            timer.schedule(
                    () -> completions.execute(() -> result.completeExceptionally(timedOut)),
                    timeout,
                    TimeUnit.MILLISECONDS);
        }
        fault.whenEnded(
                () -> {
                    if (!result.isDone()) {
                        send(client, request)
                                .whenComplete(
                                        (response, failure) -> {
                                            if (failure != null) {
                                                result.completeExceptionally(failure);
                                            } else {
                                                result.complete(response);
                                            }
                                        });
                    }
                },
                completions);
        return result;
    }

    /** The real request, through the client's public API, without faulting it again. */
    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> send(Object client, Object request) {
        Object[] call = (Object[]) request;
        try {
            return CallDepth.unfaulted(
                    pointId.getAsInt(),
                    () ->
                            (CompletableFuture<Object>)
                                    (CompletableFuture<?>)
                                            ((HttpClient) client)
                                                    .sendAsync(
                                                            (HttpRequest) call[0],
                                                            (HttpResponse.BodyHandler<Object>)
                                                                    call[1],
                                                            (HttpResponse.PushPromiseHandler<
                                                                            Object>)
                                                                    call[2]));
        } catch (Exception e) {
            CompletableFuture<Object> failed = new CompletableFuture<>();
            failed.completeExceptionally(e);
            return failed;
        }
    }

    @Override
    void close() {
        timer.shutdownNow();
        completions.shutdown();
    }
}
