// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.coordination;

import java.time.Instant;

/** A lease coordination granted: its fencing token goes with every write made under it. */
public record LeaseGrant(String name, String holder, long token, Instant expiresAt) {}
