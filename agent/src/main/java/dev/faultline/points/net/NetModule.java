// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.net;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Sockets: {@code net.connect} on the JDK's socket and socket-channel connects, present in every
 * JVM.
 */
public final class NetModule implements PointModule {

    @Override
    public List<InjectionPoint> points() {
        return Collections.singletonList(new NetConnectPoint());
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Arrays.asList(
                new SocketConnectInstrumentation(), new ChannelConnectInstrumentation());
    }

    @Override
    public List<String> classFileMarkers() {
        return Arrays.asList("java/net/Socket", "sun/nio/ch/SocketChannelImpl");
    }

    @Override
    public List<String> jdkClasses() {
        return Arrays.asList(
                SocketConnectInstrumentation.SOCKET,
                ChannelConnectInstrumentation.SOCKET_CHANNEL_IMPL);
    }
}
