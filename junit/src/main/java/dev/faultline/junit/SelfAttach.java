// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.faultline.cli.AgentJar;
import dev.faultline.core.Protocol;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Loads the agent into the running test JVM. The JDK refuses a JVM's attach to itself unless it was
 * started with {@code -Djdk.attach.allowAttachSelf=true}; Byte Buddy's attacher then runs the
 * attach from a short-lived helper process (the same {@code java}), which the JDK allows. A JVM
 * that forbids dynamic agents altogether gets an error that says how to give it the agent instead.
 */
final class SelfAttach {
    static final String VERSION_PROPERTY = Protocol.VERSION_PROPERTY;

    private SelfAttach() {}

    static synchronized void ensureAgent() {
        String loaded = System.getProperty(VERSION_PROPERTY);
        if (loaded != null) {
            if (!loaded.equals(AgentJar.version())) {
                throw new IllegalStateException(
                        "this JVM runs Faultline agent "
                                + loaded
                                + ", but faultline-junit is "
                                + AgentJar.version()
                                + ": use the same version for both (the -javaagent of the test JVM, and the faultline-junit dependency)");
            }
            return;
        }
        Path jar = Declarations.agentJar();
        String forbidden = forbidden();
        if (forbidden != null) {
            throw new IllegalStateException(cannotLoad(forbidden, jar));
        }
        try {
            // "status" is a harmless first command: the agent installs, answers, and enables
            // nothing.
            ByteBuddyAgent.attach(
                    jar.toFile(), String.valueOf(ProcessHandle.current().pid()), "status");
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(cannotLoad("the attach failed (" + e + ")", jar), e);
        }
        if (System.getProperty(VERSION_PROPERTY) == null) {
            throw new IllegalStateException(
                    cannotLoad("the agent did not install; its log on stderr says why", jar));
        }
    }

    /**
     * Why this JVM cannot take a dynamically loaded agent, or {@code null} when nothing says it
     * cannot.
     */
    static String forbidden() {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            return "this Java runtime ("
                    + System.getProperty("java.home")
                    + ") has no jdk.attach module (a JRE or a jlink image)";
        }
        if (flag("DisableAttachMechanism", "true")) {
            return "the JVM was started with -XX:+DisableAttachMechanism";
        }
        if (flag("EnableDynamicAgentLoading", "false")) {
            return "the JVM was started with -XX:-EnableDynamicAgentLoading";
        }
        return null;
    }

    static String cannotLoad(String reason, Path jar) {
        return "Faultline cannot load its agent into this test JVM: "
                + reason
                + ". Either start the test JVM with the agent,"
                + " e.g. in Maven Surefire's configuration <argLine>-javaagent:"
                + jar
                + "</argLine> (Gradle: test { jvmArgs '-javaagent:...' }),"
                + " or let it take the agent at run time: a full JDK, without -XX:+DisableAttachMechanism and -XX:-EnableDynamicAgentLoading"
                + " (on JDK 21 and later, -XX:+EnableDynamicAgentLoading silences the JDK's warning).";
    }

    private static boolean flag(String name, String value) {
        try {
            VMOption option =
                    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                            .getVMOption(name);
            return value.equals(option.getValue());
        } catch (IllegalArgumentException
                | UnsupportedOperationException
                | NullPointerException noSuchFlag) {
            // Not a HotSpot JVM, or a JDK without the flag (EnableDynamicAgentLoading came with JDK
            // 21).
            return false;
        }
    }
}
