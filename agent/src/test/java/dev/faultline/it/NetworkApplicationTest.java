// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

/**
 * Tests against {@code NetworkWorkload} (HTTP clients, name lookups, sockets) in a child JVM
 * started with the agent.
 */
abstract class NetworkApplicationTest extends AgentApplicationTest {

    @Override
    String classpath() {
        return System.getProperty("faultline.it.http.classpath");
    }

    @Override
    String mainClass() {
        return "dev.faultline.it.app.NetworkWorkload";
    }
}
