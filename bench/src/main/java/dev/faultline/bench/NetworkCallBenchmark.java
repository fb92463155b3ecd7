// SPDX-License-Identifier: Apache-2.0
package dev.faultline.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * interceptor ({@code http.client}), and a lookup of an address literal ({@code dns.resolve}).
 * {@link OverheadReport} runs them without the agent, with the agent idle, and with faults active
 * on other hosts.
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

    @Setup(Level.Trial)
    public void awaitAgent() throws InterruptedException {
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
     * {@code InetAddress.getByName} of a literal: through the instrumented {@code getAllByName}, no
     * resolver.
     */
    @Benchmark
    public InetAddress addressLiteralLookup() throws UnknownHostException {
        return InetAddress.getByName("127.0.0.1");
    }
}
