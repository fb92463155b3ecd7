package dev.faultline.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.util.Properties;

/**
 * A JVM on this machine, reached with the JDK's attach mechanism (the one {@code jcmd} uses): same OS
 * user only, no network port. Commands travel as the agent's argument, results come back in the
 * target's system properties, exactly as with {@code jcmd JVMTI.agent_load}.
 */
final class LocalJvm implements TargetJvm {
    static final String VERSION_PROPERTY = "faultline.version";
    static final String LAST_PROPERTY = "faultline.last";
    static final String STATUS_PROPERTY = "faultline.status";

    private final long pid;
    private final String name;
    private final VirtualMachine vm;
    private JMXConnector jmx;

    private LocalJvm(long pid, String name, VirtualMachine vm) {
        this.pid = pid;
        this.name = name;
        this.vm = vm;
    }

    static LocalJvm attach(long pid, String name) {
        return new LocalJvm(pid, name, Attach.to(pid));
    }

    @Override
    public String describe() {
        return pid + (name == null || name.isEmpty() ? "" : " (" + name + ")");
    }

    @Override
    public String agentVersion() {
        return properties().getProperty(VERSION_PROPERTY);
    }

    @Override
    public boolean ensureAgent() {
        String loaded = agentVersion();
        if (loaded != null) {
            if (!loaded.equals(AgentJar.version())) {
                throw AgentJar.versionMismatch(describe(), loaded);
            }
            return false;
        }
        load("status");
        return true;
    }

    @Override
    public String command(String line) {
        load(line);
        return TargetJvm.okOrFail(properties().getProperty(LAST_PROPERTY));
    }

    @Override
    public String systemProperty(String name) {
        return properties().getProperty(name);
    }

    @Override
    public String faultsJson() {
        String status = properties().getProperty(STATUS_PROPERTY);
        return status == null ? "[]" : status;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public synchronized MBeanServerConnection mbeans() {
        try {
            if (jmx == null) {
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            }
            return jmx.getMBeanServerConnection();
        } catch (IOException e) {
            throw new CliException(CliException.NO_TARGET, "cannot reach the MBeans of " + describe() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (jmx != null) {
                try {
                    jmx.close();
                } catch (IOException ignored) {
                    // the target went away; nothing to release
                }
            }
        }
        try {
            vm.detach();
        } catch (IOException ignored) {
            // the target went away; nothing to release
        }
    }

    Properties properties() {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw new CliException(CliException.NO_TARGET, "lost the connection to " + describe() + ": " + e.getMessage());
        }
    }

    private void load(String argument) {
        try {
            vm.loadAgent(AgentJar.path().toString(), argument);
        } catch (AgentLoadException e) {
            throw new CliException(CliException.NO_TARGET, Attach.explainLoadFailure(describe(), e));
        } catch (IOException e) {
            throw new CliException(CliException.NO_TARGET, Attach.explainLoadFailure(describe(), e));
        } catch (com.sun.tools.attach.AgentInitializationException e) {
            throw new CliException(CliException.FAILED, "the agent failed to start in " + describe() + " (return code "
                    + e.returnValue() + "); its stderr says why");
        }
    }

    /** The attach step and what its failures mean. */
    static final class Attach {
        private Attach() {}

        static VirtualMachine to(long pid) {
            if (!ProcessHandle.of(pid).isPresent()) {
                throw new CliException(CliException.NO_TARGET, "no process with pid " + pid + " (it may have ended; faultline jvms lists the JVMs)");
            }
            try {
                return VirtualMachine.attach(String.valueOf(pid));
            } catch (AttachNotSupportedException | IOException e) {
                throw new CliException(CliException.NO_TARGET, explainAttachFailure(pid, e), e);
            }
        }

        static String explainAttachFailure(long pid, Exception e) {
            String owner = ProcessHandle.of(pid).flatMap(p -> p.info().user()).orElse(null);
            String me = System.getProperty("user.name");
            if (owner != null && !owner.equals(me) && !me.equals("root")) {
                return "pid " + pid + " runs as user " + owner + ", faultline as " + me
                        + ": the JVM only lets its own user attach; run faultline as " + owner + " (sudo -u " + owner + " faultline ...)";
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("Unable to open socket file") || message.contains("target process") && message.contains("not responding")) {
                return "pid " + pid + " did not answer the attach request: it may run in another container or PID namespace"
                        + " (run faultline inside it, e.g. kubectl exec / docker exec), be started with -XX:+DisableAttachMechanism,"
                        + " or be too busy to answer (" + message + ")";
            }
            if (message.contains("not a Java") || message.contains("Non-numeric") || message.contains("No such process")) {
                return "pid " + pid + " is not an attachable Java VM (" + message + ")";
            }
            return "cannot attach to pid " + pid + ": " + message;
        }

        static String explainLoadFailure(String target, Exception e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("EnableDynamicAgentLoading") || message.contains("Dynamic agent loading is not enabled")) {
                return target + " was started with -XX:-EnableDynamicAgentLoading, which forbids loading agents into it:"
                        + " restart it without that flag, or with -javaagent:faultline-agent.jar";
            }
            return "cannot load the agent into " + target + ": " + message;
        }
    }
}
