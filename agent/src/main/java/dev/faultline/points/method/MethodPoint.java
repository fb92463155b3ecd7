// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.method;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.MemorySize;
import dev.faultline.core.SpecException;
import dev.faultline.core.SpecField;
import dev.faultline.core.SpecForms;
import dev.faultline.points.Bound;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code method}: any method the spec names by class and method pattern. Each fault instruments its
 * own methods when it is enabled (retransforming the loaded classes) and removes that
 * instrumentation when it ends. Actions: {@code delay}, {@code error} (any Throwable, checked ones
 * included), {@code return} (a value of the method's return type, or null), and {@code leak}
 * ({@code bytes} retained per call: an allocation-site leak).
 */
final class MethodPoint extends AbstractInjectionPoint {
    private static final List<String> JDK_PACKAGES =
            Arrays.asList("java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final List<String> NEVER =
            Arrays.asList(
                    "dev.faultline.agent.",
                    "dev.faultline.bridge.",
                    "dev.faultline.control.",
                    "dev.faultline.core.",
                    "dev.faultline.points.",
                    "dev.faultline.shaded.",
                    "net.bytebuddy.");
    private static final int CHUNK = 256 << 10;

    private final Instrumentation instrumentation;
    private final Map<ActiveFault, Running> running = new ConcurrentHashMap<>();

    /** Bytes a method {@code leak} retains on each call. */
    static final SpecField<Long> BYTES =
            SpecField.of("bytes", SpecForms.size("the size retained per call, such as 1MB"))
                    .actions(Action.LEAK)
                    .required(
                            "required for a method leak; expected the size retained per call, such as 1MB")
                    .describedAs("memory retained on each call of a leak");

    /** The value a {@code return} fault returns, as written; {@code null} for null. */
    static final SpecField<String> VALUE =
            SpecField.of("value", SpecForms.scalar("a value such as 0, false, \"text\" or null"))
                    .actions(Action.RETURN)
                    .required()
                    .describedAs("what the method returns instead of running");

    /** Whether the fault may instrument JDK classes. */
    static final SpecField<Boolean> JDK =
            SpecField.of("jdk", SpecForms.bool())
                    .byDefault(false)
                    .elsewhere("applies to points that instrument chosen classes (method) only")
                    .describedAs("let class= match JDK classes too (false by default)");

    /** A heap leak's fields given to a method leak: say what a method leak takes. */
    private static final String TAKES_BYTES =
            "applies to the memory point's leak only; a method leak takes bytes"
                    + " (the size retained per call), such as 1MB";

    private static final List<SpecField<?>> FIELDS =
            Arrays.asList(
                    BYTES,
                    VALUE,
                    JDK,
                    SpecField.refusal("rate", TAKES_BYTES),
                    SpecField.refusal("cap", TAKES_BYTES));

    @Override
    public List<SpecField<?>> fields() {
        return FIELDS;
    }

    MethodPoint(Instrumentation instrumentation) {
        super(
                "method",
                EnumSet.of(Action.DELAY, Action.ERROR, Action.RETURN, Action.LEAK),
                Arrays.asList("class", "method", "params"));
        this.instrumentation = instrumentation;
    }

    @Override
    public Object detail(Object target, Object faultId, Object returnType) {
        return (String) faultId;
    }

    /**
     * The instrumentation of each fault passes its id: that fault, and only it, concerns the call.
     */
    @Override
    public boolean concerns(ActiveFault fault, Object target, Object faultId) {
        return fault.id().equals(faultId);
    }

    @Override
    public String matchValue(String key, Object target, Object detail) {
        return null;
    }

    @Override
    public void validate(FaultSpec spec) {
        if (!spec.match().containsKey("class") || !spec.match().containsKey("method")) {
            throw SpecException.field(
                    "match",
                    "method faults need match.class and match.method (regular expressions), e.g."
                            + " {\"class\": \"com\\\\.shop\\\\.InventoryClient$\", \"method\": \"^reserve$\"}");
        }
        if (spec.match().containsKey("params")
                && !spec.match().get("params").pattern().matches("\\d+")) {
            throw SpecException.field(
                    "match.params", "expected the number of parameters, such as 2");
        }
        if (spec.action() == Action.ERROR) {
            MethodErrors.validate(spec);
        }
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException("method errors go through replace");
    }

    /**
     * Finds the loaded methods the fault names, checks the spec against them, and instruments them.
     */
    @Override
    public void start(ActiveFault fault) {
        if (instrumentation == null) {
            throw new SpecException(
                    "method faults need the agent's instrumentation, which this JVM did not give it");
        }
        FaultSpec spec = fault.spec();
        List<Method> matched = loadedMethods(spec);
        if (matched.isEmpty()) {
            throw SpecException.field(
                    "match",
                    "no loaded class and method match class="
                            + spec.match().get("class").pattern()
                            + " method="
                            + spec.match().get("method").pattern()
                            + (spec.get(JDK) ? "" : " (JDK classes are left out unless jdk: true)")
                            + "; enable it once the application has used the class");
        }
        if (spec.action() == Action.RETURN) {
            for (Method method : matched) {
                ReturnValues.convert(spec.get(VALUE), method.getReturnType().getName(), "value");
            }
        }
        if (spec.action() == Action.ERROR) {
            MethodErrors.validate(spec, matched);
        }
        ElementMatcher.Junction<MethodDescription> methods = methodMatcher(spec);
        Advice.WithCustomMapping mapping =
                Bound.mapping(id()).bind(MethodAdvice.FaultId.class, fault.id());
        ResettableClassFileTransformer transformer =
                new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                        .disableClassFormatChanges()
                        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                        .ignore((ElementMatcher<TypeDescription>) this::excluded)
                        .type(
                                (ElementMatcher<TypeDescription>)
                                        type ->
                                                !type.isInterface()
                                                        && classMatches(spec, type.getName()))
                        .transform(
                                (builder, type, loader, module, domain) ->
                                        builder.visit(
                                                        mapping.to(MethodAdvice.Returning.class)
                                                                .on(
                                                                        methods.and(
                                                                                not(
                                                                                        returns(
                                                                                                void
                                                                                                        .class)))))
                                                .visit(
                                                        mapping.to(MethodAdvice.Void.class)
                                                                .on(
                                                                        methods.and(
                                                                                returns(
                                                                                        void
                                                                                                .class)))))
                        .installOn(instrumentation);
        running.put(fault, new Running(transformer));
    }

    @Override
    public void stop(ActiveFault fault) {
        Running stopped = running.remove(fault);
        if (stopped != null) {
            stopped.transformer.reset(
                    instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            stopped.release();
        }
    }

    @Override
    public Object replace(
            ActiveFault fault, Object target, Object faultId, Object returnType, Object detail) {
        FaultSpec spec = fault.spec();
        switch (spec.action()) {
            case ERROR:
                return MethodErrors.create(spec, target);
            case RETURN:
                return new Object[] {
                    ReturnValues.convert(spec.get(VALUE), (String) returnType, "value")
                };
            case LEAK:
                Running current = running.get(fault);
                if (current != null) {
                    current.retain(spec.get(BYTES));
                }
                return null;
            default:
                return null;
        }
    }

    @Override
    public Map<String, Object> state(ActiveFault fault) {
        Running current = running.get(fault);
        if (current == null || fault.spec().action() != Action.LEAK) {
            return Collections.emptyMap();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("retained", MemorySize.format(current.retained));
        state.put("retainedBytes", current.retained);
        return state;
    }

    @Override
    public void close() {
        new ArrayList<>(running.keySet()).forEach(this::stop);
    }

    private boolean excluded(TypeDescription type) {
        return NEVER.stream().anyMatch(type.getName()::startsWith);
    }

    private static boolean classMatches(FaultSpec spec, String className) {
        if (NEVER.stream().anyMatch(className::startsWith)) {
            return false;
        }
        if (!spec.get(JDK) && JDK_PACKAGES.stream().anyMatch(className::startsWith)) {
            return false;
        }
        return spec.match().get("class").matcher(className).find();
    }

    private static ElementMatcher.Junction<MethodDescription> methodMatcher(FaultSpec spec) {
        Pattern name = spec.match().get("method");
        Pattern params = spec.match().get("params");
        ElementMatcher.Junction<MethodDescription> base =
                not(isConstructor())
                        .and(not(isTypeInitializer()))
                        .and(not(isAbstract()))
                        .and(not(isNative()));
        return base.and(
                (ElementMatcher<MethodDescription>)
                        method ->
                                name.matcher(method.getName()).find()
                                        && (params == null
                                                || method.getParameters().size()
                                                        == Integer.parseInt(params.pattern())));
    }

    private List<Method> loadedMethods(FaultSpec spec) {
        Pattern name = spec.match().get("method");
        Pattern params = spec.match().get("params");
        List<Method> matched = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (type.isInterface()
                    || type.isArray()
                    || !instrumentation.isModifiableClass(type)
                    || !classMatches(spec, type.getName())) {
                continue;
            }
            try {
                for (Method method : type.getDeclaredMethods()) {
                    if (!Modifier.isAbstract(method.getModifiers())
                            && !Modifier.isNative(method.getModifiers())
                            && name.matcher(method.getName()).find()
                            && (params == null
                                    || method.getParameterCount()
                                            == Integer.parseInt(params.pattern()))) {
                        matched.add(method);
                    }
                }
            } catch (LinkageError unresolvable) {
                // a class whose methods cannot be listed is left alone
            }
        }
        return matched;
    }

    /** One fault's instrumentation, and what a per-call leak retains. */
    private static final class Running {
        final ResettableClassFileTransformer transformer;
        private final List<byte[]> chunks = new ArrayList<>();
        volatile long retained;

        Running(ResettableClassFileTransformer transformer) {
            this.transformer = transformer;
        }

        synchronized void retain(long bytes) {
            for (long left = bytes; left > 0; left -= CHUNK) {
                chunks.add(new byte[(int) Math.min(CHUNK, left)]);
            }
            retained += bytes;
        }

        synchronized void release() {
            chunks.clear();
            retained = 0;
        }
    }
}
