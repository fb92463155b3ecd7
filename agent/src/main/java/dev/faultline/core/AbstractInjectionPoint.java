// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/** What every point has: its name, id, actions, match keys, and whether its library was found. */
public abstract class AbstractInjectionPoint implements InjectionPoint {
    private static final int MAX_REASONS = 32;

    private final String name;
    private volatile int id = -1;
    private final Set<Action> actions;
    private final List<String> matchKeys;
    private final Set<String> instrumentedTypes = ConcurrentHashMap.newKeySet();
    private final Set<String> unsupported = new ConcurrentSkipListSet<>();

    protected AbstractInjectionPoint(String name, EnumSet<Action> actions, List<String> matchKeys) {
        this.name = name;
        this.actions = Collections.unmodifiableSet(actions);
        this.matchKeys = Collections.unmodifiableList(matchKeys);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int id() {
        return id;
    }

    @Override
    public final void assignId(int id) {
        this.id = id;
    }

    @Override
    public final Set<Action> actions() {
        return actions;
    }

    @Override
    public final List<String> matchKeys() {
        return matchKeys;
    }

    /** None by default: the point takes the shared fields only. */
    @Override
    public List<SpecField<?>> fields() {
        return Collections.emptyList();
    }

    @Override
    public final void markInstrumented(String typeName) {
        instrumentedTypes.add(typeName);
    }

    @Override
    public final boolean isInstrumented() {
        return !instrumentedTypes.isEmpty();
    }

    @Override
    public final void markUnsupported(String reason) {
        // one reason per library version and missing member, however many class loaders hold it;
        // bounded so that a loader leak with odd versions cannot grow it without end
        if (unsupported.size() < MAX_REASONS) {
            unsupported.add(reason);
        }
    }

    @Override
    public final List<String> unsupported() {
        return new ArrayList<>(unsupported);
    }

    /** The names of the classes instrumented for this point so far. */
    protected final Set<String> instrumentedTypes() {
        return instrumentedTypes;
    }

    /**
     * For points that act on a resource rather than on calls: refuses {@code probability}, {@code
     * after} and {@code limit}, which would mean nothing there.
     */
    protected final void refuseCallScoping(FaultSpec spec, String actsOn) {
        String field =
                spec.probability() < 1.0
                        ? "probability"
                        : spec.after() > 0
                                ? "after"
                                : spec.limit() != Long.MAX_VALUE ? "limit" : null;
        if (field != null) {
            throw SpecException.field(
                    field,
                    "does not apply to " + name + ": it acts on " + actsOn + ", not on calls");
        }
    }

    @Override
    public Throwable hang(ActiveFault fault, Object target, String detail)
            throws InterruptedException {
        throw new UnsupportedOperationException(name + " has no blocking hang");
    }
}
