// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

/**
 * {@code dev.faultline:type=Recorder}: records the calls that active faults match, with their match
 * values and call sites (see {@link dev.faultline.core.CallRecorder}). For test runs: explore mode
 * of {@code faultline-junit} enables faults that match every call and never act, records a test's
 * calls, then aims one fault at each.
 */
public interface RecorderMBean {

    /**
     * Starts recording afresh. {@code packages}: comma-separated package prefixes of the
     * application; a call is recorded with the first frame of these packages on its stack as its
     * site, and calls without one are only counted. {@code limit}: the most distinct calls kept (1
     * to 10000).
     */
    void start(String packages, int limit);

    /**
     * Stops recording; returns the recorded calls as JSON ({@code
     * {"recording":true,"calls":[...],"dropped":0,"withoutSite":3}}).
     */
    String stop();

    /** Whether recording is on. */
    boolean isRecording();
}
