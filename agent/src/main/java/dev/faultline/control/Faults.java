package dev.faultline.control;

import dev.faultline.core.ActiveFault;
import dev.faultline.core.FaultListener;

import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** The JMX front end: {@code dev.faultline:type=Faults}, with a notification per lifecycle event. */
public final class Faults extends NotificationBroadcasterSupport implements FaultsMBean, FaultListener {
    public static final String OBJECT_NAME = "dev.faultline:type=Faults";
    public static final String ENABLED = "dev.faultline.fault.enabled";
    public static final String DISABLED = "dev.faultline.fault.disabled";
    public static final String EXPIRED = "dev.faultline.fault.expired";

    private final Control control;
    private final AtomicLong sequence = new AtomicLong();

    private Faults(Control control) {
        super(new MBeanNotificationInfo(new String[] {ENABLED, DISABLED, EXPIRED},
                Notification.class.getName(), "A fault was enabled, disabled, or expired"));
        this.control = control;
    }

    /** Registers the MBean on the platform MBean server. */
    public static Faults register(Control control) throws Exception {
        Faults faults = new Faults(control);
        ManagementFactory.getPlatformMBeanServer().registerMBean(faults, new ObjectName(OBJECT_NAME));
        return faults;
    }

    /** Removes the MBean (agent detach). */
    public void unregister() throws Exception {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(OBJECT_NAME));
    }

    @Override
    public String enable(String specJson) {
        try {
            return String.join(",", control.enableJson(specJson));
        } catch (IllegalArgumentException e) {
            // A plain JDK exception, so a remote client without our classes can read the message.
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public boolean disable(String id) {
        return control.disable(id);
    }

    @Override
    public int disableAll() {
        return control.disableAll();
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
    public void enabled(ActiveFault fault) {
        notify(ENABLED, "enabled " + fault.spec().describe(), fault);
    }

    @Override
    public void ended(ActiveFault fault, EndReason reason) {
        notify(reason == EndReason.EXPIRED ? EXPIRED : DISABLED,
                reason + " " + fault.id() + ": matched " + fault.matched() + ", injected " + fault.injected(), fault);
    }

    private void notify(String type, String message, ActiveFault fault) {
        Notification notification = new Notification(type, OBJECT_NAME, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        notification.setUserData(fault.id());
        sendNotification(notification);
    }
}
