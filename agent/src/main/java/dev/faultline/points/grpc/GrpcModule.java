// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.grpc;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Collections;
import java.util.List;

/**
 * gRPC clients: {@code grpc.client} on grpc-java's channels ({@code io.grpc.Channel.newCall}),
 * which the agent never bundles. Absent from the application, nothing is instrumented; {@code
 * list()} says whether it was found.
 */
public final class GrpcModule implements PointModule {

    @Override
    public List<InjectionPoint> points() {
        return Collections.singletonList(new GrpcClientPoint());
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Collections.singletonList(new NewCallInstrumentation());
    }

    /**
     * Every channel class names {@code io/grpc/} (its superclass, the types of {@code newCall}).
     */
    @Override
    public List<String> classFileMarkers() {
        return Collections.singletonList("io/grpc/");
    }
}
