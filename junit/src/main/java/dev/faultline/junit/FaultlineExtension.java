// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Faults in the test JVM, for JUnit Jupiter. Registered by {@link InjectFault}, {@link
 * FaultlineTest} or {@code @ExtendWith(FaultlineExtension.class)}:
 *
 * <ul>
 *   <li>loads the agent into the test JVM on first use ({@link Faults#inThisJvm()});
 *   <li>enables the {@link InjectFault}s of the test class and method before each test;
 *   <li>resolves {@link Faults} parameters (the test JVM's client);
 *   <li>after each test, whatever its outcome, disables every fault in the test JVM and in every
 *       JVM a {@link Faults} client is open to, and fails the test if one is still active then;
 *   <li>refuses parallel execution unless the test class is {@link Isolated}: faults are JVM-wide,
 *       so a fault of one test would hit the calls of every test running beside it.
 * </ul>
 */
public final class FaultlineExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    @Override
    public void beforeAll(ExtensionContext context) {
        refuseParallel(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        refuseParallel(context);
        Faults faults = Faults.inThisJvm();
        List<InjectFault> declared = new ArrayList<>();
        Deque<Class<?>> classes = new ArrayDeque<>();
        for (Class<?> type = context.getRequiredTestClass();
                type != null;
                type = type.getEnclosingClass()) {
            classes.addFirst(
                    type); // outer classes first: a @Nested test also gets its enclosing class's
            // faults
        }
        for (Class<?> type : classes) {
            declared.addAll(AnnotationSupport.findRepeatableAnnotations(type, InjectFault.class));
        }
        declared.addAll(
                AnnotationSupport.findRepeatableAnnotations(
                        context.getRequiredTestMethod(), InjectFault.class));
        try {
            for (InjectFault fault : declared) {
                faults.enable(builder(fault, context.getRequiredTestMethod()));
            }
        } catch (RuntimeException e) {
            // None of the test's faults stays half-enabled; afterEach ends the rest anyway.
            faults.disableAll();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> problems = new ArrayList<>();
        for (Faults faults : Faults.open()) {
            try {
                faults.disableAll();
                if (!faults.active().isEmpty()) {
                    problems.add(
                            faults.describe() + " still has active faults: " + faults.active());
                }
            } catch (RuntimeException e) {
                problems.add(
                        "cannot disable the faults in "
                                + faults.describe()
                                + ": "
                                + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Faultline could not end every fault after "
                            + context.getDisplayName()
                            + ": "
                            + String.join("; ", problems));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Faults.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return Faults.inThisJvm();
    }

    /**
     * Faults are JVM-wide: with parallel execution on, only an {@link Isolated} class runs with no
     * other test beside it.
     */
    static void refuseParallel(ExtensionContext context) {
        boolean parallel =
                context.getConfigurationParameter(PARALLEL)
                        .map(Boolean::parseBoolean)
                        .orElse(false);
        if (!parallel) {
            return;
        }
        for (Class<?> type = context.getRequiredTestClass();
                type != null;
                type = type.getEnclosingClass()) {
            if (AnnotationSupport.isAnnotated(type, Isolated.class)) {
                return;
            }
        }
        throw new ExtensionConfigurationException(
                "Faultline faults act on the whole JVM, so they would hit tests running in parallel beside "
                        + context.getRequiredTestClass().getName()
                        + ": with "
                        + PARALLEL
                        + "=true, annotate the class with"
                        + " @org.junit.jupiter.api.parallel.Isolated (it then runs alone), or turn parallel execution off");
    }

    /** The builder an annotation stands for; its errors name the annotated element. */
    static FaultBuilder builder(InjectFault fault, AnnotatedElement on) {
        try {
            FaultBuilder b = Fault.point(fault.point()).action(fault.action());
            if (!fault.delay().isEmpty()) {
                b.with("delay", fault.delay());
            }
            for (String pair : fault.match()) {
                String[] kv = pair(pair, "match", "sql=(?i)from inventory");
                b.matching(kv[0], kv[1]);
            }
            for (String pair : fault.with()) {
                String[] kv = pair(pair, "with", "sqlState=40001");
                b.with(
                        kv[0],
                        kv[1].equals("true") || kv[1].equals("false")
                                ? Boolean.valueOf(kv[1])
                                : kv[1]);
            }
            if (fault.probability() != 1.0) {
                b.probability(fault.probability());
            }
            if (!fault.duration().isEmpty()) {
                b.lasting(duration("duration", fault.duration()));
            }
            if (!fault.id().isEmpty()) {
                b.id(fault.id());
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "@InjectFault(point = \""
                            + fault.point()
                            + "\") on "
                            + on
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static String[] pair(String text, String attribute, String example) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(
                    attribute + ": '" + text + "' is not key=value; expected e.g. " + example);
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }

    /**
     * A duration as the experiment files write them (500ms, 30s, 2m, 1h or ISO-8601), for the
     * attribute {@code field}.
     */
    static Duration duration(String field, String text) {
        Duration duration = dev.faultline.cli.experiment.Durations.parseOrNull(text);
        if (duration == null) {
            throw new IllegalArgumentException(
                    "field '"
                            + field
                            + "': '"
                            + text
                            + "' is not a duration; expected e.g. 500ms, 30s, 2m, 1h or PT30S");
        }
        return duration;
    }
}
