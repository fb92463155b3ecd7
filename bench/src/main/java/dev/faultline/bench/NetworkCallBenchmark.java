// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.CacheRequest;
import java.net.CacheResponse;
import java.net.CookieHandler;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ResponseCache;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls through the network points' instrumentation that never leave the process, so that the
 * figures show the instrumentation rather than the network: an OkHttp call answered by an
 * interceptor, an {@code HttpURLConnection} answered by a {@code ResponseCache}, a JDK {@code
 * HttpClient} request refused by the client's cookie handler before it connects ({@code
 * http.client}), and a lookup of an address literal ({@code dns.resolve}). {@link OverheadReport}
 * runs them without the agent, with the agent idle, and with faults active on other hosts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
public class NetworkCallBenchmark {
    private static final MediaType TEXT = MediaType.parse("text/plain");

    private final OkHttpClient okHttp =
            new OkHttpClient.Builder().addInterceptor(NetworkCallBenchmark::answer).build();
    private final Request request =
            new Request.Builder().url("http://orders.internal:8080/orders/1").build();

    private static final String ORDERS = "http://orders.internal:8080/orders/1";

    /**
     * The JDK client refuses every request in its cookie filter, which it runs before it looks for
     * a connection; with a direct executor the whole call stays on the benchmark's thread. The
     * client has no hook that answers a request in-process, as OkHttp's interceptor does.
     */
    private final HttpClient jdkClient =
            HttpClient.newBuilder().executor(Runnable::run).cookieHandler(new Refusing()).build();

    private final HttpRequest jdkRequest = HttpRequest.newBuilder(URI.create(ORDERS)).build();

    private final URL url = url();

    private static URL url() {
        try {
            return new URL(ORDERS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Setup(Level.Trial)
    public void awaitAgent() throws InterruptedException {
        // Read by each HttpURLConnection when it is made: the connection is then answered from it.
        ResponseCache.setDefault(new Answering());
        AgentReady.await();
    }

    private static Response answer(Interceptor.Chain chain) {
        return new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(200)
                .message("OK")
                .body(ResponseBody.create("ok", TEXT))
                .build();
    }

    /**
     * OkHttp's whole call path (the instrumented {@code getResponseWithInterceptorChain} included),
     * no socket.
     */
    @Benchmark
    public int okHttpCallAnsweredInProcess() throws IOException {
        try (Response response = okHttp.newCall(request).execute()) {
            return response.code();
        }
    }

    /**
     * As {@link #okHttpCallAnsweredInProcess}, with a new {@code Request} per call (of one parsed
     * {@code HttpUrl}), as applications make them: the agent cannot find it again by its identity.
     */
    @Benchmark
    public int okHttpNewRequestAnsweredInProcess() throws IOException {
        try (Response response =
                okHttp.newCall(new Request.Builder().url(request.url()).build()).execute()) {
            return response.code();
        }
    }

    /**
     * {@code HttpURLConnection}'s whole path (the instrumented {@code getInputStream} and {@code
     * connect} included), answered by the default {@code ResponseCache}: no socket.
     */
    @Benchmark
    public int urlConnectionAnsweredInProcess() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        int code = connection.getResponseCode();
        connection.getInputStream().close();
        return code;
    }

    /**
     * The JDK {@code HttpClient}'s {@code send}, through the instrumented private {@code
     * sendAsync}, up to its request filters, which refuse the request: no socket. ({@code send}
     * rather than the public {@code sendAsync}, which hands every completion to the common pool: on
     * 2 cores a new thread per request.)
     */
    @Benchmark
    public Object jdkHttpClientRefusedInProcess() throws InterruptedException {
        try {
            return jdkClient.send(jdkRequest, HttpResponse.BodyHandlers.discarding());
        } catch (IOException refused) {
            return refused;
        }
    }

    /**
     * As {@link #jdkHttpClientRefusedInProcess}, with a new {@code HttpRequest} per call (of one
     * {@code URI}).
     */
    @Benchmark
    public Object jdkHttpClientNewRequestRefusedInProcess() throws InterruptedException {
        try {
            return jdkClient.send(
                    HttpRequest.newBuilder(jdkRequest.uri()).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException refused) {
            return refused;
        }
    }

    /** Answers every request with a 200 and a two-byte body. */
    private static final class Answering extends ResponseCache {
        private static final Map<String, List<String>> HEADERS = headers();

        private static Map<String, List<String>> headers() {
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            headers.put(null, Collections.singletonList("HTTP/1.1 200 OK"));
            headers.put("Content-Length", Collections.singletonList("2"));
            return headers;
        }

        @Override
        public CacheResponse get(URI uri, String method, Map<String, List<String>> headers) {
            return new CacheResponse() {
                @Override
                public Map<String, List<String>> getHeaders() {
                    return HEADERS;
                }

                @Override
                public InputStream getBody() {
                    return new ByteArrayInputStream("ok".getBytes(StandardCharsets.US_ASCII));
                }
            };
        }

        @Override
        public CacheRequest put(URI uri, URLConnection connection) {
            return null;
        }
    }

    /** Refuses every request the JDK client asks it about, before any connection. */
    private static final class Refusing extends CookieHandler {
        private static final IOException REFUSED = new IOException("refused in process");

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers)
                throws IOException {
            throw REFUSED;
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {}
    }

    /**
     * {@code InetAddress.getByName} of a literal: through the instrumented {@code getAllByName}, no
     * resolver.
     */
    @Benchmark
    public InetAddress addressLiteralLookup() throws UnknownHostException {
        return InetAddress.getByName("127.0.0.1");
    }
}
