// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.jdbc;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.SpecException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;

/**
 * What {@code jdbc.pool} and {@code jdbc.server} share: an {@code exhaust} action whose work runs
 * on a thread of its own per fault, on the DataSources the application was seen borrowing from.
 */
abstract class ExhaustPoint extends AbstractInjectionPoint {
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
    }

    /** The work of one fault. */
    abstract ExhaustionWorkers.Work work(ActiveFault fault);

    @Override
    public void validate(FaultSpec spec) {
        refuseCallScoping(spec, actsOn);
        if (spec.connectionsField() != null && !spec.connectionsField().equals(countField)) {
            throw SpecException.field(
                    spec.connectionsField(),
                    "does not apply to "
                            + name()
                            + ", which takes "
                            + countField
                            + ": all or a number");
        }
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
