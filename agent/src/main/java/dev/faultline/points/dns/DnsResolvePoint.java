// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.dns;

import dev.faultline.core.AbstractInjectionPoint;
import dev.faultline.core.Action;
import dev.faultline.core.FaultSpec;
import dev.faultline.points.net.NetworkErrors;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.regex.Pattern;

/**
 * {@code dns.resolve}: host-name lookups. The default error is the one the resolver gives for a
 * name it does not know, so a service loses its discovery (or its database's name) as it would in a
 * DNS outage. Address literals need no resolver and are never faulted.
 */
final class DnsResolvePoint extends AbstractInjectionPoint {
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    DnsResolvePoint() {
        super(
                "dns.resolve",
                EnumSet.of(Action.DELAY, Action.ERROR),
                Collections.singletonList("host"));
    }

    @Override
    public boolean applies(Object target, Object detail) {
        String host = (String) detail;
        return host != null
                && !host.isEmpty()
                && host.indexOf(':') < 0
                && !IPV4_LITERAL.matcher(host).matches();
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
