// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.selftest;

import dev.faultline.agent.TestExtension;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultListener;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.Origin;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The test build's extension ({@code dev.faultline.it.TestBuildAgentJar}, switched on by {@link
 * TestExtension#PROPERTY}): parts of the agent that fail on purpose. Which ones is read once, here,
 * from the system property {@value #PROPERTY}, a comma-separated list of
 *
 * <ul>
 *   <li>{@code listener}: a fault listener (told first, before the agent's own) throws on enabled,
 *       ended and first injection of every fault whose id starts with {@code listener-fails};
 *   <li>{@code applies}: {@code jdbc.execute}'s {@code applies} throws for SQL containing {@code
 *       fail_applies};
 *   <li>{@code error}: {@code jdbc.execute}'s {@code error} throws for faults whose id starts with
 *       {@code error-fails};
 *   <li>{@code detail}: {@code method}'s {@code detail} throws for faults whose id starts with
 *       {@code detail-fails};
 *   <li>{@code stop}: {@code jdbc.execute}'s {@code stop} throws (after stopping) for faults whose
 *       id starts with {@code stop-fails};
 *   <li>{@code transform:<class>}: instrumenting that class fails (marking it instrumented throws).
 * </ul>
 *
 * Every provoked failure is an {@link IllegalStateException} whose message starts with {@value
 * #PROVOKED}, so a test can tell it from any other.
 */
public final class FailingParts implements TestExtension {
    static final String PROPERTY = "faultline.selftest.fail";
    static final String PROVOKED = "provoked failure";
    private static final Set<String> WRAPPED =
            new HashSet<>(Arrays.asList("jdbc.execute", "method"));

    private final Set<String> parts = new HashSet<>();
    private final Set<String> untransformable = new HashSet<>();

    public FailingParts() {
        String value = System.getProperty(PROPERTY, "");
        for (String part : value.split(",")) {
            part = part.trim();
            if (part.startsWith("transform:")) {
                untransformable.add(part.substring("transform:".length()));
            } else if (Arrays.asList("listener", "applies", "error", "detail", "stop")
                    .contains(part)) {
                parts.add(part);
            } else if (!part.isEmpty()) {
                throw new IllegalArgumentException(
                        PROPERTY
                                + ": unknown part '"
                                + part
                                + "'; expected listener, applies, error, detail, stop or transform:<class name>");
            }
        }
    }

    static IllegalStateException provoked(String where) {
        return new IllegalStateException(PROVOKED + " in " + where);
    }

    boolean fails(String part, boolean when) {
        return when && parts.contains(part);
    }

    boolean untransformable(String typeName) {
        return untransformable.contains(typeName);
    }

    @Override
    public List<PointModule> modules(List<PointModule> shipped) {
        List<PointModule> modules = new ArrayList<>();
        for (PointModule module : shipped) {
            modules.add(
                    new PointModule() {
                        @Override
                        public List<InjectionPoint> points() {
                            List<InjectionPoint> points = new ArrayList<>();
                            for (InjectionPoint point : module.points()) {
                                points.add(
                                        WRAPPED.contains(point.name())
                                                ? new FailingPoint(point, FailingParts.this)
                                                : point);
                            }
                            return points;
                        }

                        @Override
                        public List<PointInstrumentation> instrumentations() {
                            return module.instrumentations();
                        }

                        @Override
                        public List<String> classFileMarkers() {
                            return module.classFileMarkers();
                        }

                        @Override
                        public List<String> jdkClasses() {
                            return module.jdkClasses();
                        }
                    });
        }
        return modules;
    }

    @Override
    public List<FaultListener> listeners() {
        if (!parts.contains("listener")) {
            return Collections.emptyList();
        }
        return Collections.singletonList(
                new FaultListener() {
                    @Override
                    public void enabled(ActiveFault fault, Origin origin) {
                        if (fault.id().startsWith("listener-fails")) {
                            throw provoked("listener (enabled)");
                        }
                    }

                    @Override
                    public void ended(ActiveFault fault, EndReason reason, Origin origin) {
                        if (fault.id().startsWith("listener-fails")) {
                            throw provoked("listener (ended)");
                        }
                    }

                    @Override
                    public void firstInjection(ActiveFault fault) {
                        if (fault.id().startsWith("listener-fails")) {
                            throw provoked("listener (first injection)");
                        }
                    }
                });
    }
}
