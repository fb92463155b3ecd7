// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import java.time.Instant;

/** One live instance of a service as coordination lists it. */
public record ServiceInstance(String instanceId, String url, Instant lastHeartbeat) {}
