// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecField;
import dev.faultline.core.SpecForms;
import dev.faultline.points.net.NetworkErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code http.client}: requests of the JDK HttpClient, HttpURLConnection, Apache HttpClient 5 and
 * 4, and OkHttp 4 and 5. Each fault acts as the client would see the failure: its own exception
 * types, its own response objects, its own timeouts. The advice names the client; the call's detail
 * is a {@link RequestView} over the client's request, and a {@link RequestLine} is made of it only
 * for a request a fault acts on.
 */
final class HttpClientPoint extends AbstractInjectionPoint {
    private final Map<String, ClientAdapter> clients;

    /** The status code of a {@code status} fault's response. */
    static final SpecField<Integer> CODE =
            SpecField.of(
                            "code",
                            SpecForms.wholeNumber(100, 599, "an HTTP status code from 100 to 599"))
                    .actions(Action.STATUS)
                    .required(
                            "required for action 'status'; expected an HTTP status code such as 503")
                    .onCommandLine()
                    .describedAs("HTTP status of the response, e.g. 503");

    /** The body of a {@code status} fault's response; empty by default. */
    static final SpecField<String> BODY =
            SpecField.of("body", SpecForms.text("text"))
                    .actions(Action.STATUS)
                    .byDefault("")
                    .onCommandLine()
                    .describedAs("body of the response");

    /** The headers of a {@code status} fault's response, in the order given. */
    static final SpecField<Map<String, String>> HEADERS =
            SpecField.of("headers", SpecForms.headers())
                    .actions(Action.STATUS)
                    .byDefault(Collections.emptyMap())
                    .onCommandLine()
                    .describedAs("headers of the response, e.g. Retry-After=30");

    private static final List<SpecField<?>> FIELDS = Arrays.asList(CODE, BODY, HEADERS);

    @Override
    public List<SpecField<?>> fields() {
        return FIELDS;
    }

    HttpClientPoint(Map<String, ClientAdapter> clients) {
        super(
                "http.client",
                EnumSet.of(Action.DELAY, Action.ERROR, Action.STATUS, Action.HANG),
                Arrays.asList("host", "port", "method", "path"));
        this.clients = clients;
    }

    /**
     * A view over the request ({@link RequestView}): the match keys read from the client's own
     * objects, and only the keys the faults ask for.
     */
    @Override
    public Object detail(Object target, Object request, Object client) {
        return RequestView.open(clients.get((String) client), target, request);
    }

    /**
     * Whether a fault acts on this call: it matches, and the call starts its request (a request the
     * client's adapter has decided already is left alone). The second question is asked only of a
     * call a fault matches, so that a request no fault matches costs no more than its match.
     */
    @Override
    public boolean concerns(ActiveFault fault, Object target, Object detail) {
        return fault.matches(target, detail) && RequestView.isNewRequest((Object[]) detail);
    }

    @Override
    public String matchValue(String key, Object target, Object detail) {
        return RequestView.value((Object[]) detail, key);
    }

    @Override
    public void decided(Object detail) {
        RequestView.close((Object[]) detail);
    }

    @Override
    public void validate(FaultSpec spec) {
        NetworkErrors.validate(spec, true);
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException(
                "http.client errors are made by the client's adapter");
    }

    @Override
    public Object delay(ActiveFault fault, Object target, Object request, Object client) {
        try {
            return clients.get((String) client).delay(fault, target, request);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delay a request of " + client, e);
        }
    }

    @Override
    public Object replace(
            ActiveFault fault, Object target, Object request, Object client, Object call) {
        ClientAdapter adapter = clients.get((String) client);
        // the whole line, read only now that a fault acts: for the messages of an injected failure
        String detail = RequestView.line((Object[]) call).toString();
        FaultSpec spec = fault.spec();
        try {
            switch (spec.action()) {
                case ERROR:
                    NetworkErrors.Failure failure = NetworkErrors.failure(spec);
                    return adapter.fail(
                            spec.error() != null && failure == null
                                    ? NetworkErrors.ofClass(
                                            spec,
                                            "Injected by Faultline fault " + spec.id(),
                                            target.getClass().getClassLoader())
                                    : adapter.exception(
                                            failure == null
                                                    ? NetworkErrors.Failure.REFUSED
                                                    : failure,
                                            spec,
                                            target,
                                            detail),
                            target);
                case STATUS:
                    return adapter.respond(SyntheticResponse.of(spec), target, request);
                case HANG:
                    return adapter.hang(fault, target, request, detail);
                default:
                    return null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot inject " + spec.action().specName() + " into a request of " + client,
                    e);
        }
    }

    /** Which clients the application has loaded (and the agent instrumented) so far. */
    @Override
    public Map<String, Object> state(ActiveFault fault) {
        Set<String> found = new TreeSet<>();
        for (String type : instrumentedTypes()) {
            found.add(
                    type.startsWith("jdk.")
                            ? "java.net.http.HttpClient"
                            : type.startsWith("sun.")
                                    ? "HttpURLConnection"
                                    : type.startsWith("okhttp3.")
                                            ? "OkHttp"
                                            : type.startsWith("org.apache.hc.")
                                                    ? "Apache HttpClient 5"
                                                    : "Apache HttpClient 4");
        }
        return Collections.singletonMap("clients", new ArrayList<>(found));
    }

    @Override
    public void close() {
        clients.values().forEach(ClientAdapter::close);
    }
}
