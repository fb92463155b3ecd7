// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.cli.CliException;
import dev.faultline.cli.TargetJvm;
import dev.faultline.cli.Targets;
import dev.faultline.core.Protocol;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.RuntimeOperationsException;

/**
 * Faults in one JVM: this one ({@link #inThisJvm()}, the agent loaded on first use), another one on
 * this machine ({@link #attach(long)}, {@link #attach(String)}), or a remote one over JMX ({@link
 * #remote}). Every operation goes through the agent's MBean {@code dev.faultline:type=Faults}, so
 * the three behave alike.
 *
 * <p>Every client that is open when a test of the {@link FaultlineExtension} ends has all its
 * faults disabled, whatever the test's outcome.
 */
public final class Faults implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Faults> OPEN = ConcurrentHashMap.newKeySet();
    private static final ObjectName RECORDER = objectName(Protocol.RECORDER_MBEAN);
    private static volatile Faults thisJvm;

    private final String description;
    private final MBeanServerConnection server;
    private final ObjectName mbean;
    private final TargetJvm target;
    private final Map<String, FaultHandle> handles = new ConcurrentHashMap<>();

    private Faults(String description, MBeanServerConnection server, TargetJvm target) {
        this.description = description;
        this.server = server;
        this.target = target;
        try {
            this.mbean = new ObjectName(Protocol.FAULTS_MBEAN);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The test JVM itself. The first call loads the agent into it (unless it was started with
     * {@code -javaagent}); see {@link SelfAttach} for what that needs and the error when the JVM
     * forbids it. The client is shared and never closed.
     */
    public static Faults inThisJvm() {
        Faults local = thisJvm;
        if (local == null) {
            synchronized (Faults.class) {
                local = thisJvm;
                if (local == null) {
                    SelfAttach.ensureAgent();
                    local =
                            new Faults(
                                    "this JVM (pid " + ProcessHandle.current().pid() + ")",
                                    ManagementFactory.getPlatformMBeanServer(),
                                    null);
                    local.awaitMBean();
                    OPEN.add(local);
                    thisJvm = local;
                }
            }
        }
        return local;
    }

    /**
     * The agent jar this library carries (written out once per version to the temporary directory),
     * or {@code -Dfaultline.agent.jar} when set: what to copy into a container, or to give a
     * service's JVM with {@code -javaagent:}.
     */
    public static java.nio.file.Path agentJar() {
        return Declarations.agentJar();
    }

    /** A JVM on this machine by pid (same OS user), the agent loaded into it if it has none. */
    public static Faults attach(long pid) {
        return attach(String.valueOf(pid));
    }

    /**
     * A JVM on this machine by pid or by a unique part of its main class or jar name (as {@code
     * jps} shows it), the agent loaded into it if it has none.
     */
    public static Faults attach(String pidOrName) {
        if (pidOrName == null || pidOrName.isBlank() || pidOrName.contains(":")) {
            throw new IllegalArgumentException(
                    "target: expected a pid or a part of a JVM's main class name, got '"
                            + pidOrName
                            + "' (for host:port use Faults.remote)");
        }
        return open(pidOrName, null, null);
    }

    /**
     * A JVM with remote JMX and no authentication, at {@code host:port} or a {@code service:jmx:}
     * URL; it must run the agent.
     */
    public static Faults remote(String address) {
        return remote(address, null, null);
    }

    /**
     * A JVM with remote JMX and password authentication ({@code
     * com.sun.management.jmxremote.authenticate}); it must run the agent.
     */
    public static Faults remote(String address, String user, String password) {
        if (address == null
                || !(address.startsWith("service:jmx:") || address.matches(".+:\\d+"))) {
            throw new IllegalArgumentException(
                    "address: expected host:port or a service:jmx: URL, got '" + address + "'");
        }
        return open(address, user, password);
    }

    private static Faults open(String target, String user, String password) {
        TargetJvm jvm;
        try {
            jvm = Targets.resolve(target, user, password, false);
        } catch (CliException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            if (user != null || target.contains(":")) {
                awaitAgentAtStartUp(jvm);
            }
            jvm.ensureAgent();
            Faults faults = new Faults(jvm.describe(), jvm.mbeans(), jvm);
            faults.awaitMBean();
            OPEN.add(faults);
            return faults;
        } catch (RuntimeException e) {
            jvm.close();
            if (e instanceof CliException) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * A JVM started with {@code -javaagent} registers the agent's MBean a moment after its start,
     * on a thread of its own: a test that starts the service and connects at once would otherwise
     * be told there is no agent. Waits up to 10 s, then lets {@link TargetJvm#ensureAgent()} say
     * what is missing.
     */
    private static void awaitAgentAtStartUp(TargetJvm jvm) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (jvm.agentVersion() == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which JVM this client drives. */
    public String describe() {
        return description;
    }

    /**
     * Enables a fault and returns its handle. A spec the agent refuses throws {@link
     * IllegalArgumentException} with the agent's message (naming the field and the expected form),
     * and nothing is enabled.
     */
    public FaultHandle enable(FaultBuilder fault) {
        String id = (String) invoke(Protocol.OP_ENABLE, fault.validate().toJson());
        FaultHandle handle = new FaultHandle(this, id);
        handles.put(id, handle);
        return handle;
    }

    /**
     * The handle of a fault enabled through this client (by the test or its annotations), by id.
     */
    public FaultHandle handle(String id) {
        FaultHandle handle = handles.get(id);
        if (handle == null) {
            throw new IllegalArgumentException(
                    "id: no fault '"
                            + id
                            + "' was enabled through "
                            + description
                            + "; enabled: "
                            + handles.keySet());
        }
        return handle;
    }

    /**
     * Ends every fault in the JVM (all of them, not only this client's); returns how many were
     * active.
     */
    public int disableAll() {
        handles.values().forEach(FaultHandle::snapshot); // handles keep their last counters
        int ended = (Integer) invoke(Protocol.OP_DISABLE_ALL);
        handles.clear();
        return ended;
    }

    /** The active faults in the JVM with their counters, as the agent lists them. */
    public List<Map<String, Object>> active() {
        try {
            return JSON.readValue(
                    (String) invoke(Protocol.OP_LIST),
                    new TypeReference<List<Map<String, Object>>>() {});
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the agent in "
                            + description
                            + " listed its faults in a form this library cannot read: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Closes the connection to another JVM (its faults stay until they end; disable them first). No
     * effect on {@link #inThisJvm()}.
     */
    @Override
    public void close() {
        if (target == null) {
            return;
        }
        OPEN.remove(this);
        target.close();
    }

    /** The clients open now (the extension ends their faults after each test). */
    static List<Faults> open() {
        return new ArrayList<>(OPEN);
    }

    boolean disable(String id) {
        return (Boolean) invoke(Protocol.OP_DISABLE, id);
    }

    Map<String, Object> find(String id) {
        for (Map<String, Object> fault : active()) {
            if (id.equals(fault.get("id"))) {
                return fault;
            }
        }
        return null;
    }

    /** The agent registers its MBean a moment after it loads, on a thread of its own. */
    private void awaitMBean() {
        awaitMBean(mbean);
    }

    private void awaitMBean(ObjectName mbean) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (!server.isRegistered(mbean)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the Faultline agent in "
                                    + description
                                    + " did not register its MBean "
                                    + mbean
                                    + " within 30 s; its log (stderr) says why");
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "lost the JMX connection to " + description + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while waiting for the agent in " + description, e);
        }
    }

    /**
     * Starts the agent's call recorder ({@code dev.faultline:type=Recorder}): the calls that active
     * faults match are kept with their match values and call site, the first frame of a class in
     * {@code packages}. For {@link FaultlineExplore}.
     */
    void startRecording(List<String> packages, int limit) {
        awaitMBean(RECORDER); // registered just after the Faults MBean
        invokeOn(
                RECORDER,
                "start",
                new Object[] {String.join(",", packages), limit},
                new String[] {String.class.getName(), int.class.getName()});
    }

    /** Stops the call recorder and returns what it kept (JSON). */
    String stopRecording() {
        return (String) invokeOn(RECORDER, "stop", new Object[0], new String[0]);
    }

    private Object invoke(String operation, String... arguments) {
        String[] signature = new String[arguments.length];
        java.util.Arrays.fill(signature, String.class.getName());
        return invokeOn(mbean, operation, arguments, signature);
    }

    private Object invokeOn(
            ObjectName name, String operation, Object[] arguments, String[] signature) {
        try {
            return server.invoke(name, operation, arguments, signature);
        } catch (RuntimeMBeanException e) {
            throw agentRefused(e.getTargetException());
        } catch (RuntimeOperationsException e) {
            throw agentRefused(e.getTargetException());
        } catch (JMException | IOException e) {
            throw new IllegalStateException(
                    "JMX call " + operation + " on " + description + " failed: " + e.getMessage(),
                    e);
        }
    }

    private static RuntimeException agentRefused(Throwable cause) {
        if (cause instanceof IllegalArgumentException) {
            // The agent's message names the field and the expected form.
            return new IllegalArgumentException(cause.getMessage());
        }
        return new IllegalStateException("the agent failed: " + cause, cause);
    }

    @Override
    public String toString() {
        return "Faults[" + description + "]";
    }
}
