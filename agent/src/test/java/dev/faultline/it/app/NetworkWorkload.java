// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A small networked application for the {@code http.client}, {@code dns.resolve} and {@code
 * net.connect} tests, run in a child JVM. One command per line ({@link CommandLoop}):
 *
 * <pre>
 * resolve HOST                          InetAddress.getByName: address=A
 * connect HOST PORT TIMEOUT_MS          a Socket connect (then close): connected
 * channel HOST PORT                     a blocking SocketChannel connect (then close): connected
 * adaptor HOST PORT TIMEOUT_MS          a timed connect of a SocketChannel's socket adaptor (then close): connected
 * nio HOST PORT WAIT_MS                 a non-blocking SocketChannel connect, awaited in a Selector for
 *                                       up to WAIT_MS (then closed): connected, or pending
 * jdbc URL                              DriverManager.getConnection(URL) and select 1: selected=1
 * http CLIENT METHOD URL TIMEOUT_MS     one request; status=N body=TEXT retry-after=V (- when absent),
 *                                       and handoff=MS, the time the call took to return, for async clients
 * </pre>
 *
 * CLIENT: jdk, jdk-async (java.net.http), urlconnection, apache5, apache4, okhttp, okhttp-async,
 * resttemplate (Spring's RestTemplate over Apache HttpClient 4). Each client lives in its own
 * class, loaded when first used, so that a class path with only some of the libraries works.
 */
public final class NetworkWorkload {
    private final Map<String, HttpCall> clients = new HashMap<>();

    public static void main(String[] args) throws Exception {
        NetworkWorkload workload = new NetworkWorkload();
        CommandLoop.serve(workload::run);
    }

    private String run(String[] words) throws Exception {
        switch (words[0]) {
            case "resolve":
                return "address=" + InetAddress.getByName(words[1]).getHostAddress();
            case "connect":
                try (Socket socket = new Socket()) {
                    socket.connect(
                            new InetSocketAddress(words[1], Integer.parseInt(words[2])),
                            Integer.parseInt(words[3]));
                }
                return "connected";
            case "channel":
                try (SocketChannel channel =
                        SocketChannel.open(
                                new InetSocketAddress(words[1], Integer.parseInt(words[2])))) {
                    return channel.isConnected() ? "connected" : "pending";
                }
            case "adaptor":
                try (SocketChannel channel = SocketChannel.open()) {
                    channel.socket()
                            .connect(
                                    new InetSocketAddress(words[1], Integer.parseInt(words[2])),
                                    Integer.parseInt(words[3]));
                    return "connected";
                }
            case "nio":
                return nonBlockingConnect(
                        new InetSocketAddress(words[1], Integer.parseInt(words[2])),
                        Integer.parseInt(words[3]));
            case "jdbc":
                try (Connection connection = DriverManager.getConnection(words[1])) {
                    return "selected="
                            + connection
                                    .createStatement()
                                    .executeQuery("select 1")
                                    .getMetaData()
                                    .getColumnCount();
                }
            case "http":
                return clients.computeIfAbsent(words[1], NetworkWorkload::client)
                        .call(words[2], words[3], Integer.parseInt(words[4]));
            default:
                throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    private static String nonBlockingConnect(InetSocketAddress address, int waitMillis)
            throws java.io.IOException {
        try (SocketChannel channel = SocketChannel.open();
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            if (channel.connect(address)) {
                return "connected";
            }
            channel.register(selector, SelectionKey.OP_CONNECT);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            for (long left = waitMillis;
                    left > 0;
                    left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) {
                if (selector.select(left) > 0 && channel.finishConnect()) {
                    return "connected";
                }
                selector.selectedKeys().clear();
            }
            return "pending";
        }
    }

    private static HttpCall client(String name) {
        switch (name) {
            case "jdk":
                return new JdkClient(false);
            case "jdk-async":
                return new JdkClient(true);
            case "urlconnection":
                return new UrlConnectionClient();
            case "apache5":
                return new Apache5Client();
            case "apache4":
                return new Apache4Client();
            case "okhttp":
                return new OkHttpClient(false);
            case "okhttp-async":
                return new OkHttpClient(true);
            case "resttemplate":
                return new RestTemplateClient();
            default:
                throw new IllegalArgumentException("unknown client " + name);
        }
    }

    interface HttpCall {
        String call(String method, String url, int timeoutMillis) throws Exception;
    }

    static String answer(int status, String body, String retryAfter) {
        return "status="
                + status
                + " body="
                + (body.isEmpty() ? "-" : body)
                + " retry-after="
                + (retryAfter == null ? "-" : retryAfter);
    }

    /** Waits for an asynchronous call and rethrows its failure as the application would meet it. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    static final class JdkClient implements HttpCall {
        private final java.net.http.HttpClient client =
                java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final boolean async;

        JdkClient(boolean async) {
            this.async = async;
        }

        @Override
        public String call(String method, String url, int timeoutMillis) throws Exception {
            java.net.http.HttpRequest request =
                    java.net.http.HttpRequest.newBuilder(URI.create(url))
                            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofMillis(timeoutMillis))
                            .build();
            if (!async) {
                java.net.http.HttpResponse<String> response =
                        client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                return answer(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Retry-After").orElse(null));
            }
            long start = System.nanoTime();
            CompletableFuture<java.net.http.HttpResponse<String>> future =
                    client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            long handoff = CommandLoop.elapsed(start);
            java.net.http.HttpResponse<String> response = await(future);
            return answer(
                            response.statusCode(),
                            response.body(),
                            response.headers().firstValue("Retry-After").orElse(null))
                    + " handoff="
                    + handoff;
        }
    }

    static final class UrlConnectionClient implements HttpCall {
        @Override
        public String call(String method, String url, int timeoutMillis) throws Exception {
            HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
            connection.setRequestMethod(method);
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(timeoutMillis);
            int status = connection.getResponseCode();
            InputStream body =
                    status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return answer(status, read(body), connection.getHeaderField("Retry-After"));
        }

        /** The whole body of a response (an error response may have none), as UTF-8 text. */
        static String read(InputStream in) throws java.io.IOException {
            if (in == null) {
                return "";
            }
            try (InputStream stream = in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                stream.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    static final class Apache5Client implements HttpCall {
        private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
                org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();

        @Override
        public String call(String method, String url, int timeoutMillis) throws Exception {
            org.apache.hc.client5.http.classic.methods.HttpUriRequestBase request =
                    new org.apache.hc.client5.http.classic.methods.HttpUriRequestBase(
                            method, URI.create(url));
            request.setConfig(
                    org.apache.hc.client5.http.config.RequestConfig.custom()
                            .setResponseTimeout(
                                    org.apache.hc.core5.util.Timeout.ofMilliseconds(timeoutMillis))
                            .build());
            return client.execute(
                    request,
                    response ->
                            answer(
                                    response.getCode(),
                                    response.getEntity() == null
                                            ? ""
                                            : org.apache.hc.core5.http.io.entity.EntityUtils
                                                    .toString(response.getEntity()),
                                    response.getFirstHeader("Retry-After") == null
                                            ? null
                                            : response.getFirstHeader("Retry-After").getValue()));
        }
    }

    static final class Apache4Client implements HttpCall {
        private final org.apache.http.impl.client.CloseableHttpClient client =
                org.apache.http.impl.client.HttpClients.createDefault();

        @Override
        public String call(String method, String url, int timeoutMillis) throws Exception {
            org.apache.http.client.methods.HttpRequestBase request =
                    (org.apache.http.client.methods.HttpRequestBase)
                            org.apache.http.client.methods.RequestBuilder.create(method)
                                    .setUri(url)
                                    .build();
            request.setConfig(
                    org.apache.http.client.config.RequestConfig.custom()
                            .setConnectTimeout(2000)
                            .setSocketTimeout(timeoutMillis)
                            .build());
            try (org.apache.http.client.methods.CloseableHttpResponse response =
                    client.execute(request)) {
                return answer(
                        response.getStatusLine().getStatusCode(),
                        response.getEntity() == null
                                ? ""
                                : org.apache.http.util.EntityUtils.toString(response.getEntity()),
                        response.getFirstHeader("Retry-After") == null
                                ? null
                                : response.getFirstHeader("Retry-After").getValue());
            }
        }
    }

    static final class OkHttpClient implements HttpCall {
        private final okhttp3.OkHttpClient client =
                new okhttp3.OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).build();
        private final boolean async;

        OkHttpClient(boolean async) {
            this.async = async;
        }

        @Override
        public String call(String method, String url, int timeoutMillis) throws Exception {
            okhttp3.Call call =
                    client.newBuilder()
                            .readTimeout(Duration.ofMillis(timeoutMillis))
                            .build()
                            .newCall(
                                    new okhttp3.Request.Builder()
                                            .url(url)
                                            .method(method, null)
                                            .build());
            if (!async) {
                try (okhttp3.Response response = call.execute()) {
                    return answer(
                            response.code(),
                            response.body().string(),
                            response.header("Retry-After"));
                }
            }
            CompletableFuture<String> result = new CompletableFuture<>();
            long start = System.nanoTime();
            call.enqueue(
                    new okhttp3.Callback() {
                        @Override
                        public void onFailure(okhttp3.Call failed, java.io.IOException e) {
                            result.completeExceptionally(e);
                        }

                        @Override
                        public void onResponse(okhttp3.Call done, okhttp3.Response response)
                                throws java.io.IOException {
                            try (okhttp3.Response closing = response) {
                                result.complete(
                                        answer(
                                                response.code(),
                                                response.body().string(),
                                                response.header("Retry-After")));
                            }
                        }
                    });
            long handoff = CommandLoop.elapsed(start);
            return await(result) + " handoff=" + handoff;
        }
    }

    static final class RestTemplateClient implements HttpCall {
        @Override
        public String call(String method, String url, int timeoutMillis) throws Exception {
            org.springframework.http.client.HttpComponentsClientHttpRequestFactory factory =
                    new org.springframework.http.client.HttpComponentsClientHttpRequestFactory();
            factory.setConnectTimeout(2000);
            factory.setReadTimeout(timeoutMillis);
            org.springframework.web.client.RestTemplate rest =
                    new org.springframework.web.client.RestTemplate(factory);
            try {
                org.springframework.http.ResponseEntity<String> response =
                        rest.exchange(
                                url,
                                org.springframework.http.HttpMethod.valueOf(method),
                                null,
                                String.class);
                return answer(
                        response.getStatusCodeValue(),
                        response.getBody() == null ? "" : response.getBody(),
                        response.getHeaders().getFirst("Retry-After"));
            } catch (org.springframework.web.client.HttpStatusCodeException e) {
                return answer(
                        e.getRawStatusCode(),
                        e.getResponseBodyAsString(),
                        e.getResponseHeaders() == null
                                ? null
                                : e.getResponseHeaders().getFirst("Retry-After"));
            }
        }
    }
}
