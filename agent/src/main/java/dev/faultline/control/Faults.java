// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultListener;
import dev.faultline.core.Origin;
import dev.faultline.core.Protocol;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.security.AccessController;
import java.security.Principal;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.security.auth.Subject;

/**
 * The JMX front end: {@code dev.faultline:type=Faults}, with a notification per lifecycle event.
 */
public final class Faults extends NotificationBroadcasterSupport
        implements FaultsMBean, FaultListener {
    public static final String OBJECT_NAME = Protocol.FAULTS_MBEAN;
    public static final String ENABLED = "dev.faultline.fault.enabled";
    public static final String DISABLED = "dev.faultline.fault.disabled";
    public static final String EXPIRED = "dev.faultline.fault.expired";

    /** {@code Subject.current()} (JDK 18 and later), or {@code null} before it existed. */
    private static final MethodHandle CURRENT_SUBJECT = currentSubject();

    private final Control control;
    private final AtomicLong sequence = new AtomicLong();

    private Faults(Control control) {
        super(
                new MBeanNotificationInfo(
                        new String[] {ENABLED, DISABLED, EXPIRED},
                        Notification.class.getName(),
                        "A fault was enabled, disabled, or expired"));
        this.control = control;
    }

    /** Registers the MBean on the platform MBean server. */
    public static Faults register(Control control) throws Exception {
        Faults faults = new Faults(control);
        ManagementFactory.getPlatformMBeanServer()
                .registerMBean(faults, new ObjectName(OBJECT_NAME));
        return faults;
    }

    /**
     * Whether the JVM's platform MBean server has been created (by a JMX connector, the application
     * or a library), found without creating it: {@link ManagementFactory#getPlatformMBeanServer}
     * makes it through {@link MBeanServerFactory#createMBeanServer()}, which lists it.
     */
    public static boolean platformServerRuns() {
        return !MBeanServerFactory.findMBeanServer(null).isEmpty();
    }

    /** Removes the MBean (agent detach). */
    public void unregister() throws Exception {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(OBJECT_NAME));
    }

    @Override
    public String enable(String specJson) {
        Origin origin = origin();
        try {
            String ids = String.join(",", control.enableJson(specJson, origin));
            control.audit(origin, "enable " + specJson, "ok " + ids);
            return ids;
        } catch (IllegalArgumentException e) {
            control.audit(origin, "enable " + specJson, "error: " + e.getMessage());
            // A plain JDK exception, so a remote client without our classes can read the message.
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public boolean disable(String id) {
        Origin origin = origin();
        boolean disabled = control.disable(id, origin);
        control.audit(
                origin,
                "disable " + id,
                disabled ? "ok disabled " + id : "error: no active fault with id '" + id + "'");
        return disabled;
    }

    @Override
    public int disableAll() {
        Origin origin = origin();
        int count = control.disableAll(origin);
        control.audit(origin, Protocol.VERB_DISABLE_ALL, "ok disabled " + count);
        return count;
    }

    /**
     * JMX, with the principal the connector authenticated: the JMX connector runs each operation as
     * the client's {@link Subject}. A local connector without authentication has none.
     */
    private static Origin origin() {
        Subject subject = null;
        try {
            subject =
                    CURRENT_SUBJECT != null ? (Subject) CURRENT_SUBJECT.invoke() : legacySubject();
        } catch (Throwable unavailable) {
            // No subject to be had on this JDK: the change is still recorded, without a principal.
        }
        if (subject == null || subject.getPrincipals().isEmpty()) {
            return Origin.jmx(null);
        }
        StringJoiner names = new StringJoiner(",");
        for (Principal principal : subject.getPrincipals()) {
            names.add(principal.getName());
        }
        return Origin.jmx(names.toString());
    }

    @SuppressWarnings("removal") // JDK 17 and earlier, where Subject.current() does not exist yet
    private static Subject legacySubject() {
        return Subject.getSubject(AccessController.getContext());
    }

    private static MethodHandle currentSubject() {
        try {
            return MethodHandles.publicLookup()
                    .findStatic(Subject.class, "current", MethodType.methodType(Subject.class));
        } catch (ReflectiveOperationException olderJdk) {
            return null;
        }
    }

    @Override
    public String list() {
        return control.listJson();
    }

    @Override
    public int getActiveCount() {
        return control.activeCount();
    }

    @Override
    public String getVersion() {
        return control.version();
    }

    @Override
    public long getAgentErrors() {
        return control.agentErrors();
    }

    @Override
    public void enabled(ActiveFault fault, Origin origin) {
        notify(ENABLED, "enabled " + fault.spec().describe(), fault);
    }

    @Override
    public void ended(ActiveFault fault, EndReason reason, Origin origin) {
        notify(
                reason == EndReason.EXPIRED ? EXPIRED : DISABLED,
                reason
                        + " "
                        + fault.id()
                        + ": matched "
                        + fault.matched()
                        + ", injected "
                        + fault.injected(),
                fault);
    }

    private void notify(String type, String message, ActiveFault fault) {
        Notification notification =
                new Notification(
                        type,
                        OBJECT_NAME,
                        sequence.incrementAndGet(),
                        System.currentTimeMillis(),
                        message);
        notification.setUserData(fault.id());
        sendNotification(notification);
    }
}
