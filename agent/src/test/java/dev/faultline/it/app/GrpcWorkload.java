// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.app;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A grpc-java client and server in one JVM, on loopback (Netty, as grpc-netty-shaded ships it). The
 * service {@code shop.Orders} has two unary methods, {@code GetOrder} and {@code ListStock};
 * messages are UTF-8 strings, so no generated code is needed. Commands:
 *
 * <ul>
 *   <li>{@code call <blocking|future|async> <GetOrder|ListStock> <argument> <deadline millis, 0 for
 *       none>}: {@code ok <millis> reply=<reply> handoff=<millis the stub call took to return>} or
 *       the {@code StatusRuntimeException} the stub reports;
 *   <li>{@code served <method>}: how many calls of that method the server has seen;
 *   <li>{@code authority}: the channel's authority.
 * </ul>
 */
public final class GrpcWorkload {
    static final String SERVICE = "shop.Orders";
    private static final Map<String, AtomicInteger> SERVED = new ConcurrentHashMap<>();

    private GrpcWorkload() {}

    /** Strings as gRPC messages: a marshaller instead of protobuf. */
    static final class Utf8 implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static MethodDescriptor<String, String> method(String name) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(new Utf8())
                .setResponseMarshaller(new Utf8())
                .build();
    }

    public static void main(String[] args) throws Exception {
        MethodDescriptor<String, String> getOrder = method("GetOrder");
        MethodDescriptor<String, String> listStock = method("ListStock");
        ServerServiceDefinition service =
                ServerServiceDefinition.builder(SERVICE)
                        .addMethod(
                                getOrder,
                                ServerCalls.asyncUnaryCall(
                                        (request, reply) ->
                                                answer("GetOrder", "order " + request, reply)))
                        .addMethod(
                                listStock,
                                ServerCalls.asyncUnaryCall(
                                        (request, reply) ->
                                                answer("ListStock", "stock " + request, reply)))
                        .build();
        Server server =
                NettyServerBuilder.forAddress(
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .addService(service)
                        .build()
                        .start();
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                        .usePlaintext()
                        .build();
        try {
            CommandLoop.serve(
                    words -> {
                        switch (words[0]) {
                            case "call":
                                return call(
                                        channel,
                                        words[2].equals("GetOrder") ? getOrder : listStock,
                                        words[1],
                                        words[3],
                                        Long.parseLong(words[4]));
                            case "served":
                                return "served="
                                        + SERVED.computeIfAbsent(words[1], k -> new AtomicInteger())
                                                .get();
                            case "authority":
                                return channel.authority();
                            default:
                                throw new IllegalArgumentException("unknown command " + words[0]);
                        }
                    });
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }

    private static void answer(String method, String value, StreamObserver<String> reply) {
        SERVED.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        reply.onNext(value);
        reply.onCompleted();
    }

    private static String call(
            ManagedChannel channel,
            MethodDescriptor<String, String> method,
            String stub,
            String argument,
            long deadlineMillis)
            throws Exception {
        CallOptions options =
                deadlineMillis > 0
                        ? CallOptions.DEFAULT.withDeadlineAfter(
                                deadlineMillis, TimeUnit.MILLISECONDS)
                        : CallOptions.DEFAULT;
        long start = System.nanoTime();
        switch (stub) {
            case "blocking":
                {
                    String reply =
                            ClientCalls.blockingUnaryCall(channel, method, options, argument);
                    return "reply=" + reply + " handoff=" + CommandLoop.elapsed(start);
                }
            case "future":
                {
                    com.google.common.util.concurrent.ListenableFuture<String> future =
                            ClientCalls.futureUnaryCall(channel.newCall(method, options), argument);
                    long handoff = CommandLoop.elapsed(start);
                    try {
                        return "reply=" + future.get(30, TimeUnit.SECONDS) + " handoff=" + handoff;
                    } catch (ExecutionException e) {
                        throw (Exception) e.getCause(); // what a future stub's caller sees: the
                        // StatusRuntimeException
                    }
                }
            case "async":
                {
                    CompletableFuture<String> done = new CompletableFuture<>();
                    ClientCalls.asyncUnaryCall(
                            channel.newCall(method, options),
                            argument,
                            new StreamObserver<String>() {
                                @Override
                                public void onNext(String value) {
                                    done.complete(value);
                                }

                                @Override
                                public void onError(Throwable t) {
                                    done.completeExceptionally(t);
                                }

                                @Override
                                public void onCompleted() {}
                            });
                    long handoff = CommandLoop.elapsed(start);
                    try {
                        return "reply=" + done.get(30, TimeUnit.SECONDS) + " handoff=" + handoff;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof StatusRuntimeException) {
                            throw (StatusRuntimeException) e.getCause();
                        }
                        throw e;
                    }
                }
            default:
                throw new IllegalArgumentException("unknown stub " + stub);
        }
    }
}
