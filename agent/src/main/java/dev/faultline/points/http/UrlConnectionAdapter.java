// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import dev.faultline.core.FaultSpec;
import dev.faultline.core.Reflection;
import dev.faultline.points.net.NetworkErrors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * {@code HttpURLConnection} (the JDK's {@code sun.net.www.protocol.http} implementation, HTTPS
 * included): {@code connect}, {@code getOutputStream} and {@code getInputStream} (which {@code
 * getResponseCode} and the header getters call) while not yet connected. Target and request are the
 * connection. A synthetic response is set into the connection's own fields, so every getter then
 * answers from it as from a response read off the wire.
 */
final class UrlConnectionAdapter extends ClientAdapter {
    /** Which method of the connection calls: they return different things. */
    enum Entry {
        CONNECT("connect"),
        OUTPUT("getOutputStream"),
        INPUT("getInputStream");

        final String method;

        Entry(String method) {
            this.method = method;
        }
    }

    private final Entry entry;
    private final JavaBaseAccess access;
    private final Requests requests;

    UrlConnectionAdapter(Entry entry, JavaBaseAccess access, Requests requests) {
        this.entry = entry;
        this.access = access;
        this.requests = requests;
    }

    /** A connection is one request, however many of its methods the application calls. */
    @Override
    boolean isNewRequest(Object connection) {
        return requests.firstCall(connection);
    }

    @Override
    RequestLine describe(Object connection, Object request) {
        HttpURLConnection http = (HttpURLConnection) connection;
        return RequestLine.of(http.getRequestMethod(), http.getURL().toString());
    }

    /** From the connection's {@code URL}, which keeps its parsed parts. */
    @Override
    String value(String key, Object connection, Object request) {
        HttpURLConnection http = (HttpURLConnection) connection;
        URL url = http.getURL();
        switch (key) {
            case "method":
                return http.getRequestMethod();
            case "host":
                return url.getHost();
            case "port":
                return RequestLine.portText(
                        url.getPort() >= 0 ? url.getPort() : url.getDefaultPort());
            default:
                String file = url.getFile(); // path and query, kept so by URL
                return file.isEmpty() ? "/" : file.charAt(0) == '?' ? "/".concat(file) : file;
        }
    }

    /** HttpURLConnection lets the socket's refusal through. */
    @Override
    Throwable refused(FaultSpec spec, Object connection, String detail) {
        return new ConnectException(NetworkErrors.message(spec, "Connection refused"));
    }

    /**
     * Sets the response into the connection, as the JDK does when it reads one: status line and
     * headers, the body as input stream (status below 400) or error stream, and for an error status
     * the exception {@code getInputStream} then throws. {@code connect} returns normally, an output
     * stream takes the request body to nowhere, {@code getInputStream} returns or throws.
     */
    @Override
    Object respond(SyntheticResponse response, Object connection, Object request)
            throws ReflectiveOperationException {
        access.open();
        HttpURLConnection http = (HttpURLConnection) connection;
        Object headers = Reflection.construct(null, "sun.net.www.MessageHeader");
        Reflection.call(headers, "add", null, response.statusLine());
        for (Map.Entry<String, String> header : response.headers.entrySet()) {
            Reflection.call(headers, "add", header.getKey(), header.getValue());
        }
        Reflection.setField(http, "responses", headers);
        Reflection.setField(http, "responseCode", response.code);
        Reflection.setField(http, "responseMessage", response.reason);
        IOException failure = null;
        if (response.code >= 400) {
            Reflection.setField(http, "errorStream", new ByteArrayInputStream(response.body));
            failure =
                    response.code == 404 || response.code == 410
                            ? new FileNotFoundException(http.getURL().toString())
                            : new IOException(
                                    "Server returned HTTP response code: "
                                            + response.code
                                            + " for URL: "
                                            + http.getURL());
            Reflection.setField(http, "rememberedException", failure);
        } else {
            Reflection.setField(http, "inputStream", new ByteArrayInputStream(response.body));
        }
        Reflection.setField(http, "connected", true);
        switch (entry) {
            case CONNECT:
                return Boolean.TRUE;
            case OUTPUT:
                return new ByteArrayOutputStream();
            default:
                return failure != null ? failure : Reflection.field(http, "inputStream");
        }
    }

    /**
     * The connection remembers the failure, as it does a real one: {@code getResponseCode} and the
     * header getters, which call {@code getInputStream} again, meet it too instead of connecting.
     */
    @Override
    Object fail(Throwable exception, Object connection) throws ReflectiveOperationException {
        access.open();
        Reflection.setField(connection, "rememberedException", exception);
        return exception;
    }

    @Override
    long readTimeoutMillis(Object connection, Object request) {
        return ((HttpURLConnection) connection).getReadTimeout();
    }

    /**
     * The connections decided on already (shared by the adapters of the three methods): one
     * decision per connection.
     */
    static final class Requests {
        private final Set<Object> decided =
                Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

        boolean firstCall(Object connection) {
            return decided.add(connection);
        }
    }

    /**
     * Opens the JDK's HttpURLConnection internals to the agent, once, when a response is first set
     * into one.
     */
    static final class JavaBaseAccess {
        private final Instrumentation instrumentation;
        private volatile boolean opened;

        JavaBaseAccess(Instrumentation instrumentation) {
            this.instrumentation = instrumentation;
        }

        void open() {
            if (opened) {
                return;
            }
            Module javaBase = Object.class.getModule();
            Set<Module> agent = Collections.singleton(JavaBaseAccess.class.getModule());
            Map<String, Set<Module>> packages = new java.util.HashMap<>();
            for (String name :
                    new String[] {"java.net", "sun.net.www", "sun.net.www.protocol.http"}) {
                packages.put(name, agent);
            }
            instrumentation.redefineModule(
                    javaBase,
                    Collections.emptySet(),
                    Collections.emptyMap(),
                    packages,
                    Collections.emptySet(),
                    Collections.emptyMap());
            opened = true;
        }
    }
}
