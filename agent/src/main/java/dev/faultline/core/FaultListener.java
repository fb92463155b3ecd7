// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

/** Told of each fault's lifecycle: the audit log, JMX notifications and JFR events listen. */
public interface FaultListener {

    /** Why a fault ended. */
    enum EndReason {
        DISABLED("disabled"),
        EXPIRED("expired");

        private final String text;

        EndReason(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * @param origin who enabled it, through which front end
     */
    void enabled(ActiveFault fault, Origin origin);

    /**
     * @param origin who disabled it ({@link Origin#EXPIRY} when it expired)
     */
    void ended(ActiveFault fault, EndReason reason, Origin origin);

    /** The first injection of a fault (later ones are counted, not reported one by one). */
    default void firstInjection(ActiveFault fault) {}
}
