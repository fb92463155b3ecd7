// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.net;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code net.connect}: TCP connects of {@code Socket} and {@code SocketChannel}, so every client
 * that opens connections (JDBC drivers, Kafka, HTTP, Redis, gRPC) can be partitioned from one host
 * or port. The call's target is the address connected to; its detail the caller's connect timeout
 * in milliseconds (0 for none, -1 for a non-blocking connect).
 */
final class NetConnectPoint extends AbstractInjectionPoint {
    /**
     * The detail of a non-blocking connect, which goes through {@link #replace} rather than being
     * held.
     */
    private static final String NON_BLOCKING = "-1";

    private final BlackHole blackHole = new BlackHole(this::id);

    NetConnectPoint() {
        super(
                "net.connect",
                EnumSet.of(Action.DELAY, Action.ERROR, Action.HANG),
                Arrays.asList("host", "port"));
    }

    @Override
    public boolean applies(Object address, Object timeout) {
        return address instanceof InetSocketAddress;
    }

    /** The host as the application named it (a name, or an address literal), and the port. */
    @Override
    public String matchValue(String key, Object address, Object timeout) {
        InetSocketAddress endpoint = (InetSocketAddress) address;
        return "host".equals(key) ? endpoint.getHostString() : Integer.toString(endpoint.getPort());
    }

    @Override
    public void validate(FaultSpec spec) {
        NetworkErrors.validate(spec, true);
    }

    /** By default the refusal a closed port gives: {@code ConnectException: Connection refused}. */
    @Override
    public Throwable error(FaultSpec spec, Object address, String timeout) {
        NetworkErrors.Failure failure = NetworkErrors.failure(spec);
        if (spec.error() != null && failure == null) {
            return NetworkErrors.ofClass(spec, "Connection refused", null);
        }
        if (failure == NetworkErrors.Failure.TIMEOUT) {
            return timedOut(spec, timeout);
        }
        if (failure == NetworkErrors.Failure.RESET) {
            return new SocketException(NetworkErrors.message(spec, "Connection reset"));
        }
        return new ConnectException(NetworkErrors.message(spec, "Connection refused"));
    }

    /**
     * A black hole, as dropped SYNs make one: a blocking connect blocks until the caller's connect
     * timeout and then times out; with no timeout it blocks until the fault ends and then connects.
     */
    @Override
    public Throwable hang(ActiveFault fault, Object address, String timeout)
            throws InterruptedException {
        long timeoutMillis = Long.parseLong(timeout);
        if (timeoutMillis == 0) {
            fault.awaitEnd();
            return null;
        }
        return fault.awaitEnd(timeoutMillis, TimeUnit.MILLISECONDS)
                ? null
                : timedOut(fault.spec(), timeout);
    }

    /** A non-blocking connect ({@code Bridge.nonBlockingConnect}): its detail says so. */
    @Override
    public Object detail(Object address, Object argument, Object context) {
        return NON_BLOCKING;
    }

    /**
     * A non-blocking connect is never held: its caller is a selector thread that serves other
     * connections too. An error fails it at once; a hang sends it to the {@link BlackHole}, where
     * it stays pending until the client's own connect timeout (Kafka's
     * socket.connection.setup.timeout.ms, the JDK HttpClient's connectTimeout, Netty's
     * CONNECT_TIMEOUT_MILLIS) closes it. Where the hole cannot be opened, it fails as the kernel
     * fails an unanswered connect.
     */
    @Override
    public Object replace(
            ActiveFault fault, Object address, Object argument, Object context, Object detail) {
        if (fault.spec().action() == Action.ERROR) {
            return error(fault.spec(), address, (String) detail);
        }
        try {
            return blackHole
                    .address(); // null when the fault has just ended: the connect goes on as asked
        } catch (IOException unavailable) {
            return new ConnectException("Connection timed out");
        }
    }

    /**
     * A hang fault may send non-blocking connects to the black hole, which is open only while such
     * a fault is.
     */
    @Override
    public void start(ActiveFault fault) {
        if (fault.spec().action() == Action.HANG) {
            blackHole.use();
        }
    }

    /**
     * The last hang fault closes the black hole: its listener does not outlive the faults, and a
     * connect still pending in it fails as refused at its next SYN retry, and the client's next
     * attempt reaches the real address.
     */
    @Override
    public void stop(ActiveFault fault) {
        if (fault.spec().action() == Action.HANG) {
            blackHole.release();
        }
    }

    @Override
    public void close() {
        blackHole.close();
    }

    private static Throwable timedOut(FaultSpec spec, String timeout) {
        return NON_BLOCKING.equals(timeout)
                ? new ConnectException(NetworkErrors.message(spec, "Connection timed out"))
                : new SocketTimeoutException(NetworkErrors.message(spec, "Connect timed out"));
    }
}
