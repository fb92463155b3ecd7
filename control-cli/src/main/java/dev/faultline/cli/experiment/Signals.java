// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run abort it instead of ending the JVM, so that the rollback
 * and the report happen and the exit code is 2. Where the JVM offers no signal handling, the
 * shutdown hook still rolls back.
 */
final class Signals {
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private Signals() {}

    @SuppressWarnings("restriction")
    static Handle onInterrupt(Consumer<String> abort) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler previous =
                        sun.misc.Signal.handle(signal, s -> abort.accept("SIG" + s.getName()));
                restore.add(() -> sun.misc.Signal.handle(signal, previous));
            } catch (IllegalArgumentException | LinkageError unavailable) {
                // the JVM (or -Xrs) reserves it: the shutdown hook is the fallback
            }
        }
        return () -> restore.forEach(Runnable::run);
    }
}
