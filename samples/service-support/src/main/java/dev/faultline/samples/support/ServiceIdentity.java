// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support;

/**
 * Who this process is: the service name it registers under (spring.application.name) and its
 * instance id (sample.instance-id: inventory-1, inventory-2 ...; the service name when there is one
 * instance). Error bodies, registration, leases and events all carry these.
 */
public record ServiceIdentity(String service, String instanceId) {}
