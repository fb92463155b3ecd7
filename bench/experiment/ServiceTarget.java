import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * An idle service for bench/experiment-overhead.sh: HTTP on 127.0.0.1 (/health, /state), nothing
 * else running, so that the CPU it uses is what answering the experiment runner's probes costs.
 * Prints "port N" once it listens. Run with: java ServiceTarget.java
 */
public class ServiceTarget {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\"}}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("port " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
