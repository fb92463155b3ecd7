// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.concurrent.ThreadFactory;

/** The agent's threads: daemons, so that none of them keeps the application's JVM from exiting. */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** A factory of daemon threads with the given name. */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
