// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

/**
 * The JMX interface, registered as {@code dev.faultline:type=Faults}. Only JDK types cross the
 * wire, so any JMX client (jconsole, jmxterm) can use it.
 */
public interface FaultsMBean {

    /**
     * Enables the fault (or list of faults) in the JSON spec and returns its id (ids
     * comma-separated).
     */
    String enable(String specJson);

    /** Disables one fault; {@code false} when no fault has that id. */
    boolean disable(String id);

    /** Disables every fault; returns how many were active. */
    int disableAll();

    /** The active faults with their counters and remaining time, as a JSON array. */
    String list();

    int getActiveCount();

    String getVersion();

    /**
     * Failures inside the agent since it started; each was kept from the application and logged
     * once per kind.
     */
    long getAgentErrors();
}
