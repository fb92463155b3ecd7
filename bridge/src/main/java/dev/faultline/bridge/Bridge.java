package dev.faultline.bridge;

/**
 * What advice calls. The idle path of an instrumented call is a read of one of the volatile
 * switches below; everything else happens only while a fault is active on that point.
 *
 * <p>This class lives on the bootstrap class path so that advice inlined into classes of any class
 * loader can reach it. It depends on nothing but {@code java.base}.
 */
public final class Bridge {

    /** On while at least one fault is active on {@code jdbc.connect}. */
    public static volatile boolean jdbcConnect;
    /** On while at least one fault is active on {@code jdbc.execute}. */
    public static volatile boolean jdbcExecute;
    /** On while at least one fault is active on {@code jdbc.commit}. */
    public static volatile boolean jdbcCommit;
    /** On while at least one fault is active on {@code kafka.send}. */
    public static volatile boolean kafkaSend;
    /** On while at least one fault is active on {@code kafka.poll}. */
    public static volatile boolean kafkaPoll;
    /**
     * On while a fault is active on {@code jdbc.pool} or {@code jdbc.server}: the DataSources the
     * application borrows from are noted. One switch for both, so {@code getConnection} reads one.
     */
    public static volatile boolean observeDataSources;
    private static boolean jdbcPool;
    private static boolean jdbcServer;
    /** On while at least one fault is active on {@code method}. */
    public static volatile boolean method;
    /** On while at least one fault is active on {@code http.client}. */
    public static volatile boolean httpClient;
    /** On while at least one fault is active on {@code dns.resolve}. */
    public static volatile boolean dnsResolve;
    /** On while at least one fault is active on {@code net.connect}. */
    public static volatile boolean netConnect;

    private static volatile Dispatcher dispatcher;

    private Bridge() {}

    /**
     * Installs the agent's dispatcher unless one is installed already.
     *
     * @return the dispatcher now in force (the given one, or the one installed before)
     */
    public static synchronized Dispatcher install(Dispatcher candidate) {
        if (dispatcher == null) {
            dispatcher = candidate;
        }
        return dispatcher;
    }

    /** Removes the dispatcher and switches every point off. */
    public static synchronized void uninstall() {
        for (int point = 0; point < Points.COUNT; point++) {
            setSwitch(point, false);
        }
        dispatcher = null;
    }

    /** The installed dispatcher, or {@code null}. */
    public static Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Turns a point's switch on or off. */
    public static synchronized void setSwitch(int point, boolean on) {
        switch (point) {
            case Points.JDBC_CONNECT: jdbcConnect = on; break;
            case Points.JDBC_EXECUTE: jdbcExecute = on; break;
            case Points.JDBC_COMMIT: jdbcCommit = on; break;
            case Points.KAFKA_SEND: kafkaSend = on; break;
            case Points.KAFKA_POLL: kafkaPoll = on; break;
            case Points.MEMORY: break; // acts by itself, instruments nothing
            case Points.JDBC_POOL: jdbcPool = on; observeDataSources = jdbcPool || jdbcServer; break;
            case Points.JDBC_SERVER: jdbcServer = on; observeDataSources = jdbcPool || jdbcServer; break;
            case Points.METHOD: method = on; break;
            case Points.HTTP_CLIENT: httpClient = on; break;
            case Points.DNS_RESOLVE: dnsResolve = on; break;
            case Points.NET_CONNECT: netConnect = on; break;
            default: throw new IllegalArgumentException("unknown point id " + point);
        }
    }

    /**
     * Entry of an instrumented call whose switch is on. Throws the injected fault, if any.
     *
     * @return whether the caller must call {@link #exit} when the instrumented method returns
     */
    public static boolean enter(int point, Object target, String detail) throws Throwable {
        Dispatcher current = dispatcher;
        if (current == null) {
            return false;
        }
        Object decision;
        try {
            decision = current.enter(point, target, detail);
        } catch (Throwable agentFailure) {
            // The dispatcher reports its own failures; this is the last line that keeps them from the application.
            return false;
        }
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return decision == Dispatcher.CALL_EXIT;
    }

    /**
     * Entry of an instrumented call whose fault replaces its result rather than throwing (a Kafka
     * send fails through its {@code Future}), while the point's switch is on.
     *
     * @return the value the instrumented method returns instead of running, or {@code null} to run it
     */
    public static Object replace(int point, Object target, Object argument, Object callback) {
        Dispatcher current = dispatcher;
        if (current == null) {
            return null;
        }
        try {
            return current.replace(point, target, argument, callback);
        } catch (Throwable agentFailure) {
            // as in enter: never reaches the application
            return null;
        }
    }

    /**
     * Entry of a method instrumented for one {@code method} fault.
     *
     * @param faultId    the fault whose instrumentation calls
     * @param returnType the method's return type name, for a {@code return} fault
     * @return {@code null} to run the method, or a one-element array holding the value it returns instead
     */
    public static Object[] method(String faultId, Object target, String returnType) throws Throwable {
        Object decision = replace(Points.METHOD, target, faultId, returnType);
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return (Object[]) decision;
    }

    /**
     * Entry of an HTTP request while {@code http.client}'s switch is on.
     *
     * @param client  which client library calls (the agent's name for it, such as {@code okhttp})
     * @param target  the client or call object the request is made on
     * @param request the request, as the client holds it
     * @return {@code null} to send the request, or what the instrumented method returns instead
     *         (a synthetic response, or a future of one)
     */
    public static Object http(String client, Object target, Object request) throws Throwable {
        Object decision = replace(Points.HTTP_CLIENT, target, request, client);
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return decision;
    }

    /**
     * Entry of a non-blocking socket-channel connect while {@code net.connect}'s switch is on. Such a
     * connect is not held (its caller is a selector thread); a fault that drops it answers with an
     * address to connect to instead, where the connect stays pending as in a black hole.
     *
     * @return the address to connect to instead, or {@code null} to connect as asked
     */
    public static Object nonBlockingConnect(Object endpoint) throws Throwable {
        Object decision = replace(Points.NET_CONNECT, endpoint, null, null);
        if (decision instanceof Throwable) {
            throw (Throwable) decision;
        }
        return decision;
    }

    /** Exit of a call for which {@link #enter} returned {@code true}. */
    public static void exit(int point) {
        Dispatcher current = dispatcher;
        if (current != null) {
            current.exit(point);
        }
    }

    /** Notes an object a point acts on by itself (a connection pool the application borrows from). */
    public static void observed(int point, Object target) {
        Dispatcher current = dispatcher;
        if (current != null && target != null) {
            try {
                current.observed(point, target);
            } catch (Throwable agentFailure) {
                // as in enter: never reaches the application
            }
        }
    }

    /** Remembers a detail for later calls on {@code target} (the SQL of a prepared statement). */
    public static void remember(Object target, String detail) {
        Dispatcher current = dispatcher;
        if (current != null && target != null) {
            try {
                current.remember(target, detail);
            } catch (Throwable agentFailure) {
                // as in enter: never reaches the application
            }
        }
    }
}
