// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecField;
import dev.faultline.core.SpecForms;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * What {@code jdbc.pool} and {@code jdbc.server} share: an {@code exhaust} action whose work runs
 * on a thread of its own per fault, on the DataSources the application was seen borrowing from.
 */
abstract class ExhaustPoint extends AbstractInjectionPoint {
    /** How many connections jdbc.pool holds per pool; 0 (all) by default. */
    static final SpecField<Integer> CONNECTIONS = count("connections", "per pool");

    /** How many connections jdbc.server opens; 0 (all it can) by default. */
    static final SpecField<Integer> MAX = count("max", "to the server");

    final SeenDataSources seen;
    private final String actsOn;
    private final String countField;
    private final ExhaustionWorkers workers;

    /**
     * @param actsOn what the point acts on, for messages ("pools")
     * @param countField the spec field that bounds the work: {@code connections} or {@code max}
     */
    ExhaustPoint(
            String name, String matchKey, String actsOn, String countField, SeenDataSources seen) {
        super(name, EnumSet.of(Action.EXHAUST), Collections.singletonList(matchKey));
        this.seen = seen;
        this.actsOn = actsOn;
        this.countField = countField;
        this.workers = new ExhaustionWorkers("faultline-" + name.replace('.', '-') + "-exhaust");
        SpecField<Integer> count = countField.equals("max") ? MAX : CONNECTIONS;
        String other = count == MAX ? "connections" : "max";
        // the other point's count given here: name the one this point takes, as it would itself
        this.fields =
                Arrays.asList(
                        count,
                        SpecField.refusal(
                                other,
                                given ->
                                        "does not apply to "
                                                + name
                                                + ", which takes "
                                                + countField
                                                + ": all or a number"
                                                + (given.contains(countField)
                                                        ? "; give one of the two"
                                                        : "")));
    }

    private static SpecField<Integer> count(String name, String where) {
        return SpecField.of(name, SpecForms.allOrCount(100_000))
                .actions(Action.EXHAUST)
                .byDefault(0)
                .describedAs("how many connections to hold " + where + " (all by default)");
    }

    private final List<SpecField<?>> fields;

    @Override
    public List<SpecField<?>> fields() {
        return fields;
    }

    /** The work of one fault. */
    abstract ExhaustionWorkers.Work work(ActiveFault fault);

    @Override
    public void validate(FaultSpec spec) {
        refuseCallScoping(spec, actsOn);
    }

    @Override
    public final Throwable error(FaultSpec spec, Object target, String detail) {
        throw new UnsupportedOperationException(name() + " has no error action");
    }

    @Override
    public final void start(ActiveFault fault) {
        workers.start(fault, work(fault));
    }

    @Override
    public final void stop(ActiveFault fault) {
        workers.stop(fault);
    }

    @Override
    public final Map<String, Object> state(ActiveFault fault) {
        return workers.state(fault);
    }

    @Override
    public final void close() {
        workers.close();
    }

    /** Returns a held connection; one the server or pool already dropped needs nothing more. */
    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException alreadyClosed) {
            // nothing left to release
        }
    }
}
