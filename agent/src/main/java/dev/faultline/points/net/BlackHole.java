// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.net;

import dev.faultline.core.CallDepth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A listener on loopback whose accept queue is full and never drained. The kernel drops the SYNs of
 * further connects to it (Linux and macOS do; Windows refuses them instead), so a non-blocking
 * connect sent here stays pending, as towards a host behind a firewall that drops packets, until
 * the client's own connect timeout gives up on it. It is the agent's only listening socket: bound
 * to loopback, opened when a connect is first sent to it, and closed as soon as no {@code hang}
 * fault of {@code net.connect} is active.
 */
final class BlackHole {
    /**
     * The {@code net.connect} point's id, read when the black hole opens (ids are given after
     * points are made).
     */
    private final IntSupplier pointId;

    private static final int MAX_QUEUED = 16;
    private static final int FULL_AFTER_MILLIS = 250;

    private ServerSocketChannel listener;
    private final List<SocketChannel> queued = new ArrayList<>();

    /**
     * Why the hole could not be opened (a system that refuses rather than drops): not tried again.
     */
    private IOException unavailable;

    /** The active faults that may send connects here. */
    private int users;

    BlackHole(IntSupplier pointId) {
        this.pointId = pointId;
    }

    /** A fault that may send connects here has started. */
    synchronized void use() {
        users++;
    }

    /** A fault that used the hole has ended: the last one closes it. */
    synchronized void release() {
        if (users > 0 && --users == 0) {
            close();
        }
    }

    /**
     * The address to send connects to, opening the hole on first use; {@code null} once no fault
     * uses it (a connect decided just before its fault ended then goes where it was meant to).
     */
    synchronized InetSocketAddress address() throws IOException {
        if (users == 0) {
            return null;
        }
        if (unavailable != null) {
            throw unavailable;
        }
        if (listener == null) {
            try {
                open();
            } catch (IOException e) {
                unavailable = e;
                throw e;
            }
        }
        return (InetSocketAddress) listener.getLocalAddress();
    }

    private void open() throws IOException {
        ServerSocketChannel opened =
                ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        InetSocketAddress address = (InetSocketAddress) opened.getLocalAddress();
        try {
            for (int i = 0; i < MAX_QUEUED; i++) {
                SocketChannel filler = SocketChannel.open();
                try {
                    CallDepth.unfaulted(
                            pointId.getAsInt(),
                            () -> {
                                filler.socket().connect(address, FULL_AFTER_MILLIS);
                                return null;
                            });
                } catch (SocketTimeoutException full) {
                    listener = opened;
                    return; // the queue is full: this connect's SYN was dropped
                } catch (Exception e) {
                    throw new IOException("cannot fill the black hole's accept queue", e);
                }
                queued.add(filler);
            }
            throw new IOException(
                    "the black hole's accept queue did not fill after "
                            + MAX_QUEUED
                            + " connections");
        } catch (IOException e) {
            close(opened);
            throw e;
        }
    }

    /** Closes the listener and the connections that fill its queue. */
    synchronized void close() {
        if (listener != null) {
            close(listener);
            listener = null;
        }
    }

    private void close(ServerSocketChannel opened) {
        for (SocketChannel filler : queued) {
            try {
                filler.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        queued.clear();
        try {
            opened.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
