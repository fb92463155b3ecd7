// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.grpc;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.Libraries;
import dev.faultline.points.Library;
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

    /** grpc-java: the tests run the oldest and newest. */
    static final Library GRPC =
            Library.named("grpc-java", "[1.60, 2)", "io.grpc.Channel")
                    .inPackage("io.grpc")
                    .needs(
                            "io.grpc.Channel#newCall(2)",
                            "io.grpc.Channel#authority(0)",
                            "io.grpc.MethodDescriptor#getFullMethodName(0)",
                            "io.grpc.CallOptions#getDeadline(0)",
                            "io.grpc.Status$Code#toStatus(0)",
                            "io.grpc.Context#current(0)",
                            "io.grpc.Context$CancellableContext#cancel(1)")
                    .build();

    @Override
    public List<InjectionPoint> points() {
        return Collections.singletonList(new GrpcClientPoint());
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Collections.singletonList(
                Libraries.declare(new NewCallInstrumentation(), Collections.singletonList(GRPC)));
    }

    /**
     * Every channel class names {@code io/grpc/} (its superclass, the types of {@code newCall}).
     */
    @Override
    public List<String> classFileMarkers() {
        return Collections.singletonList("io/grpc/");
    }
}
