// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.dns;

import dev.faultline.core.InjectionPoint;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import java.util.Collections;
import java.util.List;

/**
 * Name resolution: {@code dns.resolve} on the JDK's {@code InetAddress} lookups, present in every
 * JVM.
 */
public final class DnsModule implements PointModule {

    @Override
    public List<InjectionPoint> points() {
        return Collections.singletonList(new DnsResolvePoint());
    }

    @Override
    public List<PointInstrumentation> instrumentations() {
        return Collections.singletonList(new InetAddressLookupInstrumentation());
    }

    @Override
    public List<String> classFileMarkers() {
        return Collections.singletonList("java/net/InetAddress");
    }

    @Override
    public List<String> jdkClasses() {
        return Collections.singletonList(InetAddressLookupInstrumentation.INET_ADDRESS);
    }
}
