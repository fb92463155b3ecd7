// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it.selftest;

import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.SpecField;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A shipped point, unchanged but for the failures {@link FailingParts} provokes in it. */
final class FailingPoint implements InjectionPoint {
    private final InjectionPoint point;
    private final FailingParts parts;

    FailingPoint(InjectionPoint point, FailingParts parts) {
        this.point = point;
        this.parts = parts;
    }

    @Override
    public boolean applies(Object target, Object detail) {
        if (parts.fails("applies", detail != null && detail.toString().contains("fail_applies"))) {
            throw FailingParts.provoked(name() + " applies");
        }
        return point.applies(target, detail);
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String detail) {
        if (parts.fails("error", spec.id().startsWith("error-fails"))) {
            throw FailingParts.provoked(name() + " error");
        }
        return point.error(spec, target, detail);
    }

    @Override
    public Object detail(Object target, Object argument, Object context) {
        if (parts.fails("detail", String.valueOf(argument).startsWith("detail-fails"))) {
            throw FailingParts.provoked(name() + " detail");
        }
        return point.detail(target, argument, context);
    }

    @Override
    public void stop(ActiveFault fault) {
        point.stop(fault);
        if (parts.fails("stop", fault.id().startsWith("stop-fails"))) {
            throw FailingParts.provoked(name() + " stop");
        }
    }

    @Override
    public void markInstrumented(String typeName) {
        if (parts.untransformable(typeName)) {
            throw FailingParts.provoked("instrumenting " + typeName);
        }
        point.markInstrumented(typeName);
    }

    // Everything else as the shipped point does it.

    @Override
    public String name() {
        return point.name();
    }

    @Override
    public int id() {
        return point.id();
    }

    @Override
    public List<SpecField<?>> fields() {
        return point.fields();
    }

    @Override
    public void assignId(int id) {
        point.assignId(id);
    }

    @Override
    public Set<Action> actions() {
        return point.actions();
    }

    @Override
    public List<String> matchKeys() {
        return point.matchKeys();
    }

    @Override
    public String matchValue(String key, Object target, Object detail) {
        return point.matchValue(key, target, detail);
    }

    @Override
    public void validate(FaultSpec spec) {
        point.validate(spec);
    }

    @Override
    public Object delay(ActiveFault fault, Object target, Object argument, Object callback) {
        return point.delay(fault, target, argument, callback);
    }

    @Override
    public Object replace(
            ActiveFault fault, Object target, Object argument, Object callback, Object detail) {
        return point.replace(fault, target, argument, callback, detail);
    }

    @Override
    public void start(ActiveFault fault) {
        point.start(fault);
    }

    @Override
    public void observe(Object target) {
        point.observe(target);
    }

    @Override
    public Map<String, Object> state(ActiveFault fault) {
        return point.state(fault);
    }

    @Override
    public boolean concerns(ActiveFault fault, Object target, Object detail) {
        return point.concerns(fault, target, detail);
    }

    @Override
    public void close() {
        point.close();
    }

    @Override
    public boolean isInstrumented() {
        return point.isInstrumented();
    }

    @Override
    public Throwable hang(ActiveFault fault, Object target, String detail)
            throws InterruptedException {
        return point.hang(fault, target, detail);
    }
}
