// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.dns;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.FaultSpec;
import dev.faultline.points.net.NetworkErrors;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.EnumSet;

/**
 * {@code dns.resolve}: host-name lookups. The default error is the one the resolver gives for a
 * name it does not know, so a service loses its discovery (or its database's name) as it would in a
 * DNS outage. Address literals need no resolver and are never faulted.
 */
final class DnsResolvePoint extends AbstractInjectionPoint {
    DnsResolvePoint() {
        super(
                "dns.resolve",
                EnumSet.of(Action.DELAY, Action.ERROR),
                Collections.singletonList("host"));
    }

    @Override
    public boolean applies(Object target, Object detail) {
        String host = (String) detail;
        return host != null && !host.isEmpty() && host.indexOf(':') < 0 && !isIpv4Literal(host);
    }

    /**
     * Four groups of one to three ASCII digits joined by dots: an address the JDK does not look up.
     * By hand, not by a regular expression: this runs on every lookup while a dns.resolve fault is
     * active, also for hosts it does not match, and must not allocate.
     */
    static boolean isIpv4Literal(String host) {
        int dots = 0;
        int digits = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && dots < 3) {
                dots++;
                digits = 0;
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }

    @Override
    public String matchValue(String key, Object target, Object host) {
        return (String) host;
    }

    @Override
    public void validate(FaultSpec spec) {
        NetworkErrors.validate(spec, false);
    }

    @Override
    public Throwable error(FaultSpec spec, Object target, String host) {
        String message = host + ": Name or service not known";
        return spec.error() != null
                ? NetworkErrors.ofClass(spec, message, null)
                : new UnknownHostException(NetworkErrors.message(spec, message));
    }
}
