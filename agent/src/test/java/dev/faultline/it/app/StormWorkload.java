// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An application under a storm of faults: threads that call PostgreSQL through HikariCP, an HTTP
 * server through {@code HttpURLConnection}, and a Kafka broker through a producer, in bounded
 * loops, and classify every exception they meet. The storm's faults say what they inject in their
 * message or body ({@code storm:<fault id>}); whatever else is thrown is a failure the application
 * did not ask for. One command per line ({@link CommandLoop}):
 *
 * <pre>
 * setup JDBC_URL USER PASSWORD HTTP_BASE BOOTSTRAP TOPIC   the pool (8), the HTTP base URL, the producer
 * start THREADS SECONDS            starts THREADS callers, each taking JDBC, HTTP and Kafka calls in turn,
 *                                  for at most SECONDS (and 2,000,000 calls)
 * finish                           stops and waits for the callers; the outcomes as JSON:
 *                                  {"calls": {"jdbc": N, ...}, "injected": {"id": N, ...}, "unexpected": N, "examples": [...]}
 * probe COUNT                      enables COUNT short faults through the platform MBean server here, and
 *                                  answers how late each one's end was notified after its deadline:
 *                                  {"lateMillis": [...], "enableMillis": [...]}
 * threads                          live threads: count=N faultline=N
 * heap                             the heap in use after full collections: kb=N
 *
 * borrow                           borrows a connection of pool-storm and gives it back
 * block KIND COUNT                 starts COUNT calls in threads of their own, to be held by a fault: jdbc (a
 *                                  query of storm_hang through pool-side), http (GET /blocked/N, read timeout 60 s),
 *                                  hung (GET /hung/N, no read timeout), kafka (a send to topic blocked, and its
 *                                  Future), borrow (a connection of pool-storm and a query)
 * blocked                          the calls of block: running=N, then each ended one as KIND:ok|error:at=WALL_MILLIS:DETAIL
 * snapshot PREFIX,...              keeps the bytecode of the loaded classes whose names start so
 *                                  (needs {@link ClassBytesProbe} as an agent): kept=N
 * instrumented                     of those, the classes that call the agent's bridge now, comma-separated
 * bytes CLASS | original CLASS     a kept class's bytecode now, or as kept, Base64-encoded
 * </pre>
 */
public final class StormWorkload {
    private static final String INJECTED = "storm:";

    private HikariDataSource pool;
    private HikariDataSource sidePool;
    private final Map<String, String> originals = new TreeMap<>();
    private final List<Thread> blocked = new ArrayList<>();
    private final List<String> blockedOutcomes = new ArrayList<>();
    private String httpBase;
    private KafkaProducer<String, String> producer;
    private String topic;
    private final List<Thread> callers = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
    private final AtomicLong unexpected = new AtomicLong();
    private final List<String> examples = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        StormWorkload workload = new StormWorkload();
        try {
            CommandLoop.serve(workload::run);
        } finally {
            workload.stop.set(true);
            if (workload.producer != null) {
                workload.producer.close(java.time.Duration.ofSeconds(5));
            }
            if (workload.pool != null) {
                workload.pool.close();
                workload.sidePool.close();
            }
        }
    }

    private String run(String[] words) throws Exception {
        switch (words[0]) {
            case "setup":
                setup(words);
                return "ready";
            case "start":
                start(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                return "started";
            case "finish":
                return finish();
            case "probe":
                return probe(Integer.parseInt(words[1]));
            case "borrow":
                try (Connection ignored = pool.getConnection()) {
                    return "borrowed";
                }
            case "block":
                block(words[1], Integer.parseInt(words[2]));
                return "started";
            case "blocked":
                synchronized (blockedOutcomes) {
                    long running = blocked.stream().filter(Thread::isAlive).count();
                    return "running="
                            + running
                            + (blockedOutcomes.isEmpty()
                                    ? ""
                                    : " " + String.join(" ", blockedOutcomes));
                }
            case "snapshot":
                {
                    List<String> prefixes = java.util.Arrays.asList(words[1].split(","));
                    originals.putAll(
                            ClassBytesProbe.describeAll(
                                    name -> prefixes.stream().anyMatch(name::startsWith)));
                    return "kept=" + originals.size();
                }
            case "instrumented":
                {
                    List<String> names = new ArrayList<>();
                    byte[] bridge = "dev/faultline/bridge/Bridge".getBytes(StandardCharsets.UTF_8);
                    ClassBytesProbe.describeAll(originals::containsKey)
                            .forEach(
                                    (name, bytes) -> {
                                        if (contains(
                                                java.util.Base64.getDecoder().decode(bytes),
                                                bridge)) {
                                            names.add(name);
                                        }
                                    });
                    return String.join(",", names);
                }
            case "bytes":
                return ClassBytesProbe.describe(words[1]);
            case "original":
                return originals.get(words[1]);
            case "threads":
                {
                    long faultline =
                            Thread.getAllStackTraces().keySet().stream()
                                    .filter(t -> t.getName().contains("faultline"))
                                    .count();
                    return "count="
                            + ManagementFactory.getThreadMXBean().getThreadCount()
                            + " faultline="
                            + faultline;
                }
            case "heap":
                {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(50);
                    }
                    return "kb="
                            + (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
                                    >> 10);
                }
            default:
                throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    /** A HikariCP pool on {@code words[1..3]} (URL, user, password). */
    private static HikariDataSource hikari(String name, int size, String[] words) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(words[1]);
        config.setUsername(words[2]);
        config.setPassword(words[3]);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(30_000);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    private void setup(String[] words) {
        pool = hikari("pool-storm", 8, words);
        sidePool = hikari("pool-side", 4, words);
        httpBase = words[4];
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, words[5]);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        producer = new KafkaProducer<>(props);
        topic = words[6];
    }

    private void start(int threads, int seconds) {
        stop.set(false);
        calls.clear();
        injected.clear();
        unexpected.set(0);
        synchronized (examples) {
            examples.clear();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread caller =
                    new Thread(
                            () -> {
                                for (int n = first;
                                        n < 2_000_000 && !stop.get() && System.nanoTime() < until;
                                        n++) {
                                    switch (n % 3) {
                                        case 0:
                                            jdbc(n);
                                            break;
                                        case 1:
                                            http(n);
                                            break;
                                        default:
                                            kafka(n);
                                            break;
                                    }
                                }
                            },
                            "storm-caller-" + t);
            callers.add(caller);
            caller.start();
        }
    }

    private String finish() throws InterruptedException {
        stop.set(true);
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(90));
            if (caller.isAlive()) {
                unexpected(caller.getName() + " did not finish", null);
            }
        }
        callers.clear();
        StringBuilder json = new StringBuilder("{\"calls\": {");
        appendCounts(json, calls);
        json.append("}, \"injected\": {");
        appendCounts(json, injected);
        json.append("}, \"unexpected\": ").append(unexpected.get()).append(", \"examples\": [");
        synchronized (examples) {
            for (int i = 0; i < examples.size(); i++) {
                json.append(i == 0 ? "" : ", ").append(quoted(examples.get(i)));
            }
        }
        return json.append("]}").toString();
    }

    private static void appendCounts(StringBuilder json, Map<String, AtomicLong> counts) {
        String separator = "";
        for (Map.Entry<String, AtomicLong> count : new TreeMap<>(counts).entrySet()) {
            json.append(separator)
                    .append(quoted(count.getKey()))
                    .append(": ")
                    .append(count.getValue().get());
            separator = ", ";
        }
    }

    private void jdbc(int n) {
        count(calls, "jdbc");
        try (Connection connection = pool.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select ? as storm_read")) {
            statement.setInt(1, n);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || rows.getInt(1) != n) {
                    unexpected("jdbc: wrong row for " + n, null);
                }
            }
        } catch (SQLException e) {
            // What the storm's jdbc.execute errors ask for: SQLState 40001, their id in the message
            // (PostgreSQL's driver throws its PSQLException for every SQLState, so the state is
            // what tells).
            if ("40001".equals(e.getSQLState()) && isInjected(e.getMessage())) {
                count(injected, e.getMessage().substring(INJECTED.length()));
            } else {
                unexpected("jdbc", e);
            }
        } catch (RuntimeException e) {
            unexpected("jdbc", e);
        }
    }

    private void http(int n) {
        count(calls, "http");
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) new URL(httpBase + "/storm/" + n).openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            String body =
                    NetworkWorkload.UrlConnectionClient.read(
                            status >= 400
                                    ? connection.getErrorStream()
                                    : connection.getInputStream());
            if (status == 200 && body.equals(String.valueOf(n))) {
                return;
            }
            // What the storm's http.client status faults ask for: 503, their id in the body.
            if (status == 503 && isInjected(body)) {
                count(injected, body.substring(INJECTED.length()));
            } else {
                unexpected("http: status " + status + " body " + body, null);
            }
        } catch (Exception e) {
            unexpected("http", e);
        }
    }

    private void kafka(int n) {
        count(calls, "kafka");
        try {
            producer.send(new ProducerRecord<>(topic, String.valueOf(n))).get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // What the storm's kafka.send errors ask for: NetworkException, their id in the
            // message.
            Throwable cause = e.getCause();
            if (cause instanceof NetworkException && isInjected(cause.getMessage())) {
                count(injected, cause.getMessage().substring(INJECTED.length()));
            } else {
                unexpected("kafka", cause);
            }
        } catch (Exception e) {
            unexpected("kafka", e);
        }
    }

    private void block(String kind, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            Thread call =
                    new Thread(
                            () -> {
                                String outcome;
                                try {
                                    outcome = "ok:" + blockedCall(kind, n);
                                } catch (Exception e) {
                                    outcome =
                                            "error:"
                                                    + e.getClass().getName()
                                                    + "-"
                                                    + e.getMessage();
                                }
                                synchronized (blockedOutcomes) {
                                    blockedOutcomes.add(
                                            kind
                                                    + ":"
                                                    + outcome.replace(' ', '_')
                                                            .replace(':', '_')
                                                            .replaceFirst("_", ":")
                                                    + ":at="
                                                    + System.currentTimeMillis());
                                }
                            },
                            "blocked-" + kind + "-" + i);
            synchronized (blockedOutcomes) {
                blocked.add(call);
            }
            call.start();
        }
    }

    private String blockedCall(String kind, int n) throws Exception {
        switch (kind) {
            case "jdbc":
                try (Connection connection = sidePool.getConnection();
                        PreparedStatement statement =
                                connection.prepareStatement("select " + n + " as storm_hang");
                        ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? "row-" + rows.getInt(1) : "no-row";
                }
            case "borrow":
                try (Connection connection = pool.getConnection();
                        PreparedStatement statement =
                                connection.prepareStatement("select " + n + " as borrowed");
                        ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? "row-" + rows.getInt(1) : "no-row";
                }
            case "http":
            case "hung":
                {
                    String path = "/" + (kind.equals("http") ? "blocked" : "hung") + "/" + n;
                    HttpURLConnection connection =
                            (HttpURLConnection) new URL(httpBase + path).openConnection();
                    connection.setConnectTimeout(10_000);
                    connection.setReadTimeout(kind.equals("http") ? 60_000 : 0);
                    int status = connection.getResponseCode();
                    return "status-"
                            + status
                            + "-"
                            + NetworkWorkload.UrlConnectionClient.read(
                                    status >= 400
                                            ? connection.getErrorStream()
                                            : connection.getInputStream());
                }
            case "kafka":
                return "offset-"
                        + producer.send(new ProducerRecord<>("blocked", String.valueOf(n)))
                                .get(120, TimeUnit.SECONDS)
                                .offset();
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isInjected(String text) {
        return text != null && text.startsWith(INJECTED) && text.length() > INJECTED.length();
    }

    private static void count(Map<String, AtomicLong> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private void unexpected(String where, Throwable failure) {
        unexpected.incrementAndGet();
        synchronized (examples) {
            if (examples.size() < 20) {
                StringBuilder text = new StringBuilder(where);
                if (failure != null) {
                    text.append(": ").append(failure);
                    StackTraceElement[] frames = failure.getStackTrace();
                    for (int i = 0; i < Math.min(6, frames.length); i++) {
                        text.append(" at ").append(frames[i]);
                    }
                }
                examples.add(text.toString());
            }
        }
    }

    /**
     * Enables short faults through the agent's MBean on the platform MBean server, from inside the
     * JVM, so that each deadline is known to within the enable call's own time, and hears each end
     * as a JMX client does: a notification, sent after the audit log and the status.
     */
    private String probe(int count) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName faults = new ObjectName("dev.faultline:type=Faults");
        Map<String, Long> endedAt = new ConcurrentHashMap<>();
        NotificationListener listener =
                (Notification notification, Object handback) -> {
                    // The storm's own faults expire meanwhile too: only the probe's are counted.
                    if (notification.getType().equals("dev.faultline.fault.expired")
                            && ((String) notification.getUserData()).startsWith("probe-")) {
                        endedAt.put((String) notification.getUserData(), System.nanoTime());
                    }
                };
        server.addNotificationListener(faults, listener, null, null);
        Map<String, long[]> deadlines = new TreeMap<>();
        try {
            for (int i = 0; i < count; i++) {
                String id = "probe-" + i;
                long duration = 20 + (i * 37L) % 300;
                long before = System.nanoTime();
                server.invoke(
                        faults,
                        "enable",
                        new Object[] {
                            "{\"id\": \""
                                    + id
                                    + "\", \"point\": \"dns.resolve\", \"action\": \"delay\", \"delay\": \"1ms\","
                                    + " \"match\": {\"host\": \"^probe\\\\.invalid$\"}, \"duration\": \""
                                    + duration
                                    + "ms\"}"
                        },
                        new String[] {String.class.getName()});
                long after = System.nanoTime();
                deadlines.put(
                        id,
                        new long[] {
                            before + TimeUnit.MILLISECONDS.toNanos(duration), after - before
                        });
                Thread.sleep(i % 4 == 0 ? 7 : 1);
            }
            long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (endedAt.size() < count && System.nanoTime() < wait) {
                Thread.sleep(20);
            }
        } finally {
            server.removeNotificationListener(faults, listener);
        }
        StringBuilder late = new StringBuilder();
        StringBuilder enabling = new StringBuilder();
        for (Map.Entry<String, long[]> deadline : deadlines.entrySet()) {
            Long ended = endedAt.get(deadline.getKey());
            // Measured from the start of the enable call: at most the call's own time later than
            // the
            // true deadline, so this is an upper bound of the lateness.
            late.append(late.length() == 0 ? "" : ", ")
                    .append(
                            ended == null
                                    ? "null"
                                    : String.format(
                                            "%.3f", (ended - deadline.getValue()[0]) / 1e6));
            enabling.append(enabling.length() == 0 ? "" : ", ")
                    .append(String.format("%.3f", deadline.getValue()[1] / 1e6));
        }
        return "{\"lateMillis\": [" + late + "], \"enableMillis\": [" + enabling + "]}";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
}
