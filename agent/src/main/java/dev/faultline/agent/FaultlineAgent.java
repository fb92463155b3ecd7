// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import dev.faultline.core.Protocol;
import java.lang.instrument.Instrumentation;

/**
 * Entry points: {@code -javaagent:faultline-agent.jar[=options]} (premain) and a load into a
 * running JVM (agentmain; the argument is options or a control command). Never throws into the JVM.
 */
public final class FaultlineAgent {
    private FaultlineAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static void start(
            String arguments, Instrumentation instrumentation, boolean loadedLater) {
        try {
            StartupTrace.mark("agent " + (loadedLater ? "loaded" : "premain"));
            // The bridge must be in the boot loader before any class that refers to it loads.
            String bridge = BridgeLoader.load(instrumentation);
            StartupTrace.mark("bridge " + bridge);
            AgentRuntime.load(arguments, instrumentation, loadedLater);
            StartupTrace.mark("agent returned to the JVM");
        } catch (Throwable failure) {
            String message =
                    "[faultline] the agent could not start: "
                            + failure
                            + ". The application runs on without fault injection.";
            System.err.println(message);
            System.setProperty(Protocol.LAST_PROPERTY, "error: " + failure);
        }
    }
}
