package dev.faultline.core;

/** Told of each fault's lifecycle: the audit log and JMX notifications listen. */
public interface FaultListener {

    /** Why a fault ended. */
    enum EndReason {
        DISABLED("disabled"), EXPIRED("expired");

        private final String text;

        EndReason(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    void enabled(ActiveFault fault);

    void ended(ActiveFault fault, EndReason reason);

    /** The first injection of a fault (later ones are counted, not reported one by one). */
    default void firstInjection(ActiveFault fault) {}
}
