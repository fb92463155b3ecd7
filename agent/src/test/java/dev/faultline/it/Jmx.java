// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A plain JMX client of a child JVM's {@code dev.faultline:type=Faults} MBean, over the JVM's own
 * local connector: only JDK types cross the wire, as for jconsole.
 */
final class Jmx implements AutoCloseable {
    static final String FAULTS = "dev.faultline:type=Faults";

    private final JMXConnector connector;
    final MBeanServerConnection server;
    final ObjectName faults;

    private Jmx(JMXConnector connector) throws Exception {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.faults = new ObjectName(FAULTS);
    }

    /**
     * Connects, and waits (up to 10 s) for the agent, which registers its MBean beside the
     * application's start.
     */
    static Jmx connect(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        Jmx jmx;
        try {
            String address = vm.startLocalManagementAgent();
            jmx = new Jmx(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } finally {
            vm.detach();
        }
        return awaitFaults(jmx);
    }

    /**
     * Connects to the JVM's remote connector on a loopback port ({@code
     * -Dcom.sun.management.jmxremote.port}), with a user and password as its password file has
     * them; waits for the agent's MBean like {@link #connect(long)}.
     */
    static Jmx connect(int port, String user, String password) throws Exception {
        JMXServiceURL url =
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return awaitFaults(
                new Jmx(
                        JMXConnectorFactory.connect(
                                url,
                                java.util.Map.of(
                                        JMXConnector.CREDENTIALS, new String[] {user, password}))));
    }

    private static Jmx awaitFaults(Jmx jmx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!jmx.server.isRegistered(jmx.faults) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return jmx;
    }

    String enable(String json) throws Exception {
        return (String)
                server.invoke(
                        faults,
                        "enable",
                        new Object[] {json},
                        new String[] {String.class.getName()});
    }

    boolean disable(String id) throws Exception {
        return (Boolean)
                server.invoke(
                        faults,
                        "disable",
                        new Object[] {id},
                        new String[] {String.class.getName()});
    }

    int disableAll() throws Exception {
        return (Integer) server.invoke(faults, "disableAll", new Object[0], new String[0]);
    }

    String list() throws Exception {
        return (String) server.invoke(faults, "list", new Object[0], new String[0]);
    }

    /** One active fault of {@link #list()} as JSON; fails when no such fault is active. */
    JsonNode fault(String id) throws Exception {
        String list = list();
        for (JsonNode fault : new ObjectMapper().readTree(list)) {
            if (fault.path("id").asText().equals(id)) {
                return fault;
            }
        }
        throw new AssertionError("no active fault '" + id + "' in " + list);
    }

    Object attribute(String name) throws Exception {
        return server.getAttribute(faults, name);
    }

    @Override
    public void close() throws Exception {
        connector.close();
    }
}
