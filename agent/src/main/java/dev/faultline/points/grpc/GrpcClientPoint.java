// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.grpc;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.Reflection;
import dev.faultline.core.SpecException;
import dev.faultline.core.SpecField;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code grpc.client}: calls made on grpc-java channels. An {@code error} is the gRPC status the
 * application's stub reports, delivered by grpc-java itself: the call is made inside an {@code
 * io.grpc.Context} cancelled with that status, which the call finds when it starts, so it sends
 * nothing and closes with the status through its own executor; blocking stubs throw the {@code
 * StatusRuntimeException}, future stubs fail their future with it, async stubs pass it to {@code
 * onError}. A {@code hang} holds the call until its deadline (the call's or its context's), after
 * which grpc-java fails it with {@code DEADLINE_EXCEEDED} as for any late call; without a deadline
 * until the fault ends, and the call then runs.
 *
 * <p>Match keys: {@code authority} (the channel's, such as {@code orders.internal:443}), {@code
 * service} (the full service name, such as {@code shop.Orders}) and {@code method} (the method's
 * own name, such as {@code GetOrder}).
 */
final class GrpcClientPoint extends AbstractInjectionPoint {
    /**
     * The gRPC status codes an {@code error} may give (all but {@code OK}), by their canonical
     * names.
     */
    static final List<String> CODES =
            Arrays.asList(
                    "CANCELLED",
                    "UNKNOWN",
                    "INVALID_ARGUMENT",
                    "DEADLINE_EXCEEDED",
                    "NOT_FOUND",
                    "ALREADY_EXISTS",
                    "PERMISSION_DENIED",
                    "RESOURCE_EXHAUSTED",
                    "FAILED_PRECONDITION",
                    "ABORTED",
                    "OUT_OF_RANGE",
                    "UNIMPLEMENTED",
                    "INTERNAL",
                    "UNAVAILABLE",
                    "DATA_LOSS",
                    "UNAUTHENTICATED");

    private static final String DEFAULT_CODE = "UNAVAILABLE";

    /**
     * The separator of the detail's two parts: neither an authority nor a method name holds a tab.
     */
    private static final char SEPARATOR = '\t';

    GrpcClientPoint() {
        super(
                "grpc.client",
                EnumSet.of(Action.DELAY, Action.ERROR, Action.HANG),
                Arrays.asList("authority", "service", "method"));
    }

    /**
     * {@code <authority> TAB <service>/<method>}, read from the channel and the method descriptor.
     */
    @Override
    public String detail(Object channel, Object method, Object callOptions) {
        try {
            Object authority = Reflection.call(channel, "authority");
            return authority
                    + String.valueOf(SEPARATOR)
                    + Reflection.call(method, "getFullMethodName");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the gRPC call's authority and method", e);
        }
    }

    @Override
    public String matchValue(String key, Object target, Object call) {
        if (call == null) {
            return null;
        }
        String detail = (String) call;
        int tab = detail.indexOf(SEPARATOR);
        String fullMethod = detail.substring(tab + 1);
        int slash = fullMethod.lastIndexOf('/');
        switch (key) {
            case "authority":
                return detail.substring(0, tab);
            case "service":
                return slash < 0 ? null : fullMethod.substring(0, slash);
            case "method":
                return fullMethod.substring(slash + 1);
            default:
                return null;
        }
    }

    /** An SQLState given here is likely meant as the call's status: say what gives that. */
    private static final List<SpecField<?>> FIELDS =
            Collections.singletonList(
                    SpecField.refusal(
                            "sqlState",
                            "does not apply to grpc.client; give error: a gRPC status code such as UNAVAILABLE"));

    @Override
    public List<SpecField<?>> fields() {
        return FIELDS;
    }

    @Override
    public void validate(FaultSpec spec) {
        if (spec.action() == Action.ERROR
                && spec.error() != null
                && !CODES.contains(spec.error())) {
            throw SpecException.field(
                    "error",
                    "'"
                            + spec.error()
                            + "' is not a gRPC status code; expected one of "
                            + String.join(", ", CODES));
        }
    }

    /** Not reached: this point's calls go through {@link #replace}, which builds the status. */
    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException("grpc.client fails calls through their context");
    }

    /**
     * Sets up the call the channel is about to make: for an {@code error}, the context it is made
     * in is cancelled with the status (returned as the token {@link #leave} detaches); for a {@code
     * hang}, waits for the call's deadline or the fault's end, and lets the call run.
     */
    @Override
    public Object replace(
            ActiveFault fault, Object channel, Object method, Object callOptions, Object detail) {
        try {
            ClassLoader grpc = method.getClass().getClassLoader();
            if (fault.spec().action() == Action.HANG) {
                hang(fault, grpc, callOptions);
                return null;
            }
            Object code =
                    Reflection.callStatic(
                            grpc,
                            "io.grpc.Status$Code",
                            "valueOf",
                            fault.spec().error() != null ? fault.spec().error() : DEFAULT_CODE);
            Object status = Reflection.call(code, "toStatus");
            String description =
                    fault.spec().message() != null
                            ? fault.spec().message()
                            : DEFAULT_CODE.equals(Reflection.call(code, "name"))
                                    ? "io exception"
                                    : null;
            if (description != null) {
                status = Reflection.call(status, "withDescription", description);
            }
            Object cancellable =
                    Reflection.call(
                            Reflection.callStatic(grpc, "io.grpc.Context", "current"),
                            "withCancellation");
            Reflection.call(cancellable, "cancel", Reflection.call(status, "asRuntimeException"));
            Object previous = Reflection.call(cancellable, "attach");
            return new Attached(cancellable, previous);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set up the gRPC call's failure", e);
        } catch (InterruptedException e) {
            Thread.currentThread()
                    .interrupt(); // the application's interrupt: let its call run and see it
            return null;
        }
    }

    @Override
    public void leave(Object token) {
        Attached attached = (Attached) token;
        try {
            Reflection.call(attached.context, "detach", attached.previous);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot restore the caller's gRPC context", e);
        }
    }

    /**
     * Waits until the earlier of the call's deadline and its context's, or the fault's end without
     * either.
     */
    private static void hang(ActiveFault fault, ClassLoader grpc, Object callOptions)
            throws ReflectiveOperationException, InterruptedException {
        Long remaining = remainingNanos(Reflection.call(callOptions, "getDeadline"));
        Long inContext =
                remainingNanos(
                        Reflection.call(
                                Reflection.callStatic(grpc, "io.grpc.Context", "current"),
                                "getDeadline"));
        if (remaining == null || inContext != null && inContext < remaining) {
            remaining = inContext;
        }
        if (remaining == null) {
            fault.awaitEnd();
        } else if (remaining > 0) {
            fault.awaitEnd(remaining, TimeUnit.NANOSECONDS);
        }
    }

    private static Long remainingNanos(Object deadline) throws ReflectiveOperationException {
        return deadline == null
                ? null
                : (Long) Reflection.call(deadline, "timeRemaining", TimeUnit.NANOSECONDS);
    }

    /**
     * The context a failing call is made in, and the caller's, restored when {@code newCall}
     * returns.
     */
    private static final class Attached {
        final Object context;
        final Object previous;

        Attached(Object context, Object previous) {
            this.context = context;
            this.previous = previous;
        }
    }
}
