// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import dev.faultline.core.Protocol;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * A JVM with remote JMX enabled ({@code host:port} or a JMX service URL), with the JVM's own JMX
 * authentication and TLS. The agent must already be loaded in it (remote JMX cannot load agents).
 */
final class RemoteJvm implements TargetJvm {
    private static final String FAULTS = Protocol.FAULTS_MBEAN;

    private final String address;
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName faults;

    private RemoteJvm(String address, JMXConnector connector) throws Exception {
        this.address = address;
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.faults = new ObjectName(FAULTS);
    }

    /**
     * {@code host:port} or {@code service:jmx:...}; user and password when the JVM requires them;
     * TLS when its RMI registry uses it ({@code com.sun.management.jmxremote.registry.ssl}), with
     * the trust store of the standard {@code javax.net.ssl.*} properties.
     */
    static RemoteJvm connect(String target, String user, String password, boolean tls) {
        String url =
                target.startsWith("service:jmx:")
                        ? target
                        : "service:jmx:rmi:///jndi/rmi://" + target + "/jmxrmi";
        Map<String, Object> environment = new HashMap<>();
        if (user != null) {
            environment.put(
                    JMXConnector.CREDENTIALS,
                    new String[] {user, password == null ? "" : password});
        }
        if (tls) {
            environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        try {
            return new RemoteJvm(
                    target, JMXConnectorFactory.connect(new JMXServiceURL(url), environment));
        } catch (SecurityException e) {
            throw new CliException(
                    CliException.NO_TARGET,
                    "JMX at "
                            + target
                            + " refused the credentials: "
                            + e.getMessage()
                            + " (give --jmx-user and --jmx-password)");
        } catch (Exception e) {
            throw new CliException(
                    CliException.NO_TARGET,
                    "cannot connect to JMX at "
                            + target
                            + ": "
                            + e.getMessage()
                            + " (is the JVM started with -Dcom.sun.management.jmxremote.port?)");
        }
    }

    @Override
    public String describe() {
        return address;
    }

    @Override
    public String agentVersion() {
        try {
            return server.isRegistered(faults)
                    ? (String) server.getAttribute(faults, "Version")
                    : null;
        } catch (Exception e) {
            throw new CliException(
                    CliException.NO_TARGET, "JMX at " + address + " failed: " + e.getMessage());
        }
    }

    @Override
    public boolean ensureAgent() {
        String loaded = agentVersion();
        if (loaded == null) {
            throw new CliException(
                    CliException.FAILED,
                    "no Faultline agent in the JVM at "
                            + address
                            + ": remote JMX cannot load one; start it with -javaagent:faultline-agent.jar, or attach on its machine");
        }
        return false;
    }

    @Override
    public String command(String line) {
        String[] words = line.trim().split("\\s+", 2);
        switch (words[0]) {
            case Protocol.VERB_ENABLE_JSON:
                return (String) invoke(Protocol.OP_ENABLE, words[1]);
            case Protocol.VERB_DISABLE:
                if (!(Boolean) invoke(Protocol.OP_DISABLE, words[1])) {
                    throw new CliException(
                            CliException.FAILED, "no active fault with id '" + words[1] + "'");
                }
                return "disabled " + words[1];
            case Protocol.VERB_DISABLE_ALL:
                return "disabled " + invoke(Protocol.OP_DISABLE_ALL);
            default:
                throw new CliException(
                        CliException.FAILED,
                        "'"
                                + words[0]
                                + "' needs a local attach; run faultline on the target's machine");
        }
    }

    @Override
    public String systemProperty(String name) {
        try {
            return ManagementFactory.newPlatformMXBeanProxy(
                            server, ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class)
                    .getSystemProperties()
                    .get(name);
        } catch (IOException | RuntimeException e) {
            throw new CliException(
                    CliException.NO_TARGET, "JMX at " + address + " failed: " + e.getMessage());
        }
    }

    @Override
    public String faultsJson() {
        return (String) invoke(Protocol.OP_LIST);
    }

    @Override
    public long pid() {
        try {
            return ((Number) server.getAttribute(new ObjectName("java.lang:type=Runtime"), "Pid"))
                    .longValue();
        } catch (Exception e) {
            throw new CliException(
                    CliException.NO_TARGET, "JMX at " + address + " failed: " + e.getMessage());
        }
    }

    @Override
    public MBeanServerConnection mbeans() {
        return server;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private Object invoke(String operation, String... arguments) {
        String[] signature = new String[arguments.length];
        java.util.Arrays.fill(signature, String.class.getName());
        try {
            return server.invoke(faults, operation, arguments, signature);
        } catch (RuntimeMBeanException e) {
            throw new CliException(
                    CliException.FAILED, String.valueOf(e.getTargetException().getMessage()));
        } catch (Exception e) {
            throw new CliException(
                    CliException.NO_TARGET, "JMX at " + address + " failed: " + e.getMessage());
        }
    }
}
