// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

/**
 * {@link GrpcClientIT} on the oldest grpc-java the agent supports ({@code oldest.grpc.version} in
 * the agent's pom, declared in {@code GrpcModule}); the newest runs in {@link GrpcClientIT}.
 */
class GrpcClientOnOldestIT extends GrpcClientIT {

    @Override
    String classpath() {
        return System.getProperty("faultline.it.oldest.grpc.classpath");
    }
}
