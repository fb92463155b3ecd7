// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a {@code <target>} into a JVM: a pid; a unique part of the main class or jar name; or
 * {@code host:port} / {@code service:jmx:...} for remote JMX.
 */
public final class Targets {
    private Targets() {}

    public static TargetJvm resolve(
            String target, String jmxUser, String jmxPassword, boolean jmxTls) {
        if (target.startsWith("service:jmx:") || target.matches(".+:\\d+")) {
            return RemoteJvm.connect(target, jmxUser, jmxPassword, jmxTls);
        }
        requireAttachModule();
        if (target.matches("\\d+")) {
            long pid = Long.parseLong(target);
            return LocalJvm.attach(pid, nameOf(pid));
        }
        List<VirtualMachineDescriptor> matches =
                others().stream()
                        .filter(vm -> vm.displayName().contains(target))
                        .collect(Collectors.toList());
        if (matches.isEmpty()) {
            throw new CliException(
                    CliException.NO_TARGET,
                    "no JVM of this user matches '" + target + "' (faultline jvms lists them)");
        }
        if (matches.size() > 1) {
            throw new CliException(
                    CliException.NO_TARGET,
                    "more than one JVM matches '"
                            + target
                            + "': "
                            + matches.stream()
                                    .map(vm -> vm.id() + " (" + vm.displayName() + ")")
                                    .collect(Collectors.joining(", "))
                            + "; give the pid or a longer part of the name");
        }
        return LocalJvm.attach(Long.parseLong(matches.get(0).id()), matches.get(0).displayName());
    }

    /** The attachable JVMs of this user, this CLI excepted. */
    public static List<VirtualMachineDescriptor> others() {
        requireAttachModule();
        String self = String.valueOf(ProcessHandle.current().pid());
        List<VirtualMachineDescriptor> jvms = new ArrayList<>();
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            if (!vm.id().equals(self)) {
                jvms.add(vm);
            }
        }
        return jvms;
    }

    private static String nameOf(long pid) {
        for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
            if (vm.id().equals(String.valueOf(pid))) {
                return vm.displayName();
            }
        }
        return null;
    }

    /** The attach API lives in the jdk.attach module, which a JRE or a jlink image may lack. */
    static void requireAttachModule() {
        if (!ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
            throw new CliException(
                    CliException.NO_TARGET,
                    "this Java runtime ("
                            + System.getProperty("java.home")
                            + ") has no jdk.attach module, so it cannot attach to JVMs: run faultline with a full JDK (set JAVA_HOME to one)");
        }
    }
}
