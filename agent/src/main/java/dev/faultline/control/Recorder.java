// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import dev.faultline.core.CallRecorder;
import dev.faultline.core.JsonText;
import dev.faultline.core.Protocol;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;

/** The JMX front end of the {@link CallRecorder}: {@code dev.faultline:type=Recorder}. */
public final class Recorder implements RecorderMBean {
    public static final String OBJECT_NAME = Protocol.RECORDER_MBEAN;

    private Recorder() {}

    /** Registers the MBean on the platform MBean server. */
    public static Recorder register() throws Exception {
        Recorder recorder = new Recorder();
        ManagementFactory.getPlatformMBeanServer()
                .registerMBean(recorder, new ObjectName(OBJECT_NAME));
        return recorder;
    }

    /** Stops recording and removes the MBean (agent detach). */
    public void unregister() throws Exception {
        CallRecorder.stop();
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(OBJECT_NAME));
    }

    @Override
    public void start(String packages, int limit) {
        List<String> prefixes = new ArrayList<>();
        if (packages != null) {
            for (String prefix : packages.split(",")) {
                if (!prefix.trim().isEmpty()) {
                    prefixes.add(prefix.trim());
                }
            }
        }
        try {
            CallRecorder.start(prefixes, limit);
        } catch (IllegalArgumentException e) {
            // A plain JDK exception, so a remote client without our classes can read the message.
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public String stop() {
        return JsonText.write(CallRecorder.stop());
    }

    @Override
    public boolean isRecording() {
        return CallRecorder.recording();
    }
}
