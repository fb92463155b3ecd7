package dev.faultline.bridge;

/** Numeric ids of the injection points, shared by advice and the agent. */
public final class Points {
    public static final int JDBC_CONNECT = 0;
    public static final int JDBC_EXECUTE = 1;
    public static final int JDBC_COMMIT = 2;
    public static final int KAFKA_SEND = 3;
    public static final int KAFKA_POLL = 4;
    /** The heap: no switch, nothing instrumented; listed so that every point has an id. */
    public static final int MEMORY = 5;
    public static final int JDBC_POOL = 6;
    public static final int JDBC_SERVER = 7;
    public static final int METHOD = 8;
    public static final int HTTP_CLIENT = 9;
    public static final int DNS_RESOLVE = 10;
    public static final int NET_CONNECT = 11;

    /** One more than the largest id. */
    public static final int COUNT = 12;

    private Points() {}
}
