// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.faultline.core.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JVM on this machine, reached with the JDK's attach mechanism (the one {@code jcmd} uses): same
 * OS user only, no network port. Commands travel as the agent's argument, results come back in the
 * target's system properties, exactly as with {@code jcmd JVMTI.agent_load}.
 */
final class LocalJvm implements TargetJvm {
    static final String VERSION_PROPERTY = Protocol.VERSION_PROPERTY;
    static final String LAST_PROPERTY = Protocol.LAST_PROPERTY;
    static final String STATUS_PROPERTY = Protocol.STATUS_PROPERTY;

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
        if (loaded != null && !loaded.equals(AgentJar.version())) {
            throw AgentJar.versionMismatch(describe(), loaded);
        }
        // Installs an absent agent. An agent started with the JVM and no fault instruments once the
        // application's start has settled; a command makes it instrument first, so that the agent
        // is ready (and a runner's steady state is not measured across the retransformation) when
        // this returns.
        load(Protocol.VERB_STATUS);
        return loaded == null;
    }

    /**
     * One load of the agent when it is not there yet: the agent installs itself and runs the
     * command it was loaded with, as {@code jcmd JVMTI.agent_load <jar> "enable ..."} does, instead
     * of a load to install it and a second one to enable.
     */
    @Override
    public String enable(String specJson) {
        String loaded = agentVersion();
        if (loaded != null && !loaded.equals(AgentJar.version())) {
            throw AgentJar.versionMismatch(describe(), loaded);
        }
        return command(Protocol.VERB_ENABLE_JSON + " " + specJson);
    }

    /**
     * The longest agent argument sent as it is, in bytes. The attach mechanism of JDK 17 and older
     * takes at most 1024 bytes for {@code <agent jar>=<argument>} (a longer one fails with an
     * unrelated {@code Premature EOF} or {@code Broken pipe}); JDK 21 and later take about 4 000.
     */
    static final int MAX_ARGUMENT_BYTES = 1000;

    @Override
    public String command(String line) {
        String agent = AgentJar.path().toString();
        String enableJson = Protocol.VERB_ENABLE_JSON + " ";
        if (line.startsWith(enableJson)
                && (agent + "=" + line).getBytes(StandardCharsets.UTF_8).length
                        > MAX_ARGUMENT_BYTES) {
            return enableFromFile(line.substring(enableJson.length()));
        }
        load(line);
        return TargetJvm.okOrFail(properties().getProperty(LAST_PROPERTY));
    }

    /**
     * A spec too long for the attach mechanism goes as a file the agent applies: written beside the
     * agent jar, which the target reads the same way (same user, same file system), owner-only, and
     * removed once the agent has read it (loading the agent returns after it ran the command).
     */
    private String enableFromFile(String specJson) {
        Path dir = AgentJar.path().getParent();
        Path file = null;
        try {
            file =
                    Files.createTempFile(
                            dir,
                            "faultline-spec-",
                            ".json",
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, specJson, StandardCharsets.UTF_8);
            // apply reads one word: a path with a space or a comma would be cut, so such a path
            // goes over JMX instead
            if (file.toString().matches(".*[\\s,\"'].*")) {
                return enableOverJmx(specJson);
            }
            load(Protocol.VERB_APPLY + " " + file);
            String result = properties().getProperty(LAST_PROPERTY);
            // apply names the file in its errors; this one is ours, not the user's: the message is
            // the spec's alone
            String prefix = "error: " + file + ": ";
            return TargetJvm.okOrFail(
                    result != null && result.startsWith(prefix)
                            ? "error: " + result.substring(prefix.length())
                            : result);
        } catch (UnsupportedOperationException noPosix) {
            return enableOverJmx(specJson);
        } catch (IOException e) {
            throw new CliException(
                    CliException.FAILED,
                    "cannot write the spec to a file in "
                            + dir
                            + " for "
                            + describe()
                            + ": "
                            + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a spec file left in the CLI's own directory, owner-only: harmless
                }
            }
        }
    }

    /**
     * The agent's MBean {@code enable}, through the target's local JMX connector (started as
     * jconsole starts it).
     */
    private String enableOverJmx(String specJson) {
        ensureAgent(); // the MBean is the agent's: enable may come here before any load
        try {
            Object ids =
                    mbeans().invoke(
                                    new ObjectName(Protocol.FAULTS_MBEAN),
                                    Protocol.OP_ENABLE,
                                    new Object[] {specJson},
                                    new String[] {String.class.getName()});
            return String.valueOf(ids);
        } catch (RuntimeMBeanException | MBeanException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CliException(CliException.FAILED, String.valueOf(cause.getMessage()));
        } catch (JMException | IOException e) {
            throw new CliException(
                    CliException.NO_TARGET,
                    "cannot reach the agent's MBean in " + describe() + ": " + e.getMessage());
        }
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
                jmx =
                        JMXConnectorFactory.connect(
                                new JMXServiceURL(vm.startLocalManagementAgent()));
            }
            return jmx.getMBeanServerConnection();
        } catch (IOException e) {
            throw new CliException(
                    CliException.NO_TARGET,
                    "cannot reach the MBeans of " + describe() + ": " + e.getMessage());
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
            throw new CliException(
                    CliException.NO_TARGET,
                    "lost the connection to " + describe() + ": " + e.getMessage());
        }
    }

    private void load(String argument) {
        try {
            vm.loadAgent(AgentJar.path().toString(), argument);
        } catch (AgentLoadException e) {
            throw new CliException(
                    CliException.NO_TARGET, Attach.explainLoadFailure(describe(), e));
        } catch (IOException e) {
            throw new CliException(
                    CliException.NO_TARGET, Attach.explainLoadFailure(describe(), e));
        } catch (com.sun.tools.attach.AgentInitializationException e) {
            throw new CliException(
                    CliException.FAILED,
                    "the agent failed to start in "
                            + describe()
                            + " (return code "
                            + e.returnValue()
                            + "); its stderr says why");
        }
    }

    /** The attach step and what its failures mean. */
    static final class Attach {
        private Attach() {}

        static VirtualMachine to(long pid) {
            if (!ProcessHandle.of(pid).isPresent()) {
                throw new CliException(
                        CliException.NO_TARGET,
                        "no process with pid "
                                + pid
                                + " (it may have ended; faultline jvms lists the JVMs)");
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
                return "pid "
                        + pid
                        + " runs as user "
                        + owner
                        + ", faultline as "
                        + me
                        + ": the JVM only lets its own user attach; run faultline as "
                        + owner
                        + " (sudo -u "
                        + owner
                        + " faultline ...)";
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("Unable to open socket file")
                    || message.contains("target process") && message.contains("not responding")) {
                return "pid "
                        + pid
                        + " did not answer the attach request: it may run in another container or PID namespace"
                        + " (run faultline inside it, e.g. kubectl exec / docker exec), be started with -XX:+DisableAttachMechanism,"
                        + " or be too busy to answer ("
                        + message
                        + ")";
            }
            if (message.contains("not a Java")
                    || message.contains("Non-numeric")
                    || message.contains("No such process")) {
                return "pid " + pid + " is not an attachable Java VM (" + message + ")";
            }
            return "cannot attach to pid " + pid + ": " + message;
        }

        static String explainLoadFailure(String target, Exception e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("EnableDynamicAgentLoading")
                    || message.contains("Dynamic agent loading is not enabled")) {
                return target
                        + " was started with -XX:-EnableDynamicAgentLoading, which forbids loading agents into it:"
                        + " restart it without that flag, or with -javaagent:faultline-agent.jar";
            }
            return "cannot load the agent into " + target + ": " + message;
        }
    }
}
