// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.util.Map;

/** A request from the command to the running supervisor: restart, stop or start one service. */
public final class StackRequest {
    public String action;
    public String service;

    /** naive or improved; null keeps the service's mode. */
    public String mode;

    /** Spring properties to set from now on, e.g. {@code sample.discovery.cache-ttl=5s}. */
    public Map<String, String> properties;
}
