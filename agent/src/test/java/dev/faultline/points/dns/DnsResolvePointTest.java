// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DnsResolvePointTest {
    /** The definition the hand-written check must agree with. */
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Test
    void anIpv4LiteralIsRecognisedExactlyAsTheRegularExpressionDoes() {
        String[] hosts = {
            "127.0.0.1",
            "1.2.3.4",
            "255.255.255.255",
            "999.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "1..3.4",
            ".1.2.3",
            "1.2.3.",
            "1234.1.1.1",
            "1.2.3.4a",
            "db.internal",
            "localhost",
            "",
            "1",
            "a.b.c.d",
            "1.2.3.٤",
            "01.002.3.4",
            "1.2.3.4 "
        };
        for (String host : hosts) {
            assertThat(DnsResolvePoint.isIpv4Literal(host))
                    .as(host)
                    .isEqualTo(IPV4_LITERAL.matcher(host).matches());
        }
        // And over every short string of digits and dots.
        char[] alphabet = {'1', '2', '.', 'x'};
        for (int length = 0; length <= 9; length++) {
            int combinations = (int) Math.pow(alphabet.length, length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder host = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length) {
                    host.append(alphabet[rest % alphabet.length]);
                }
                String text = host.toString();
                assertThat(DnsResolvePoint.isIpv4Literal(text))
                        .as(text)
                        .isEqualTo(IPV4_LITERAL.matcher(text).matches());
            }
        }
    }

    @Test
    void literalsAndEmptyNamesAreNotLookedUpHostNamesAre() {
        DnsResolvePoint point = new DnsResolvePoint();
        assertThat(point.applies(null, "db.internal")).isTrue();
        assertThat(point.applies(null, "127.0.0.1")).isFalse();
        assertThat(point.applies(null, "::1")).isFalse();
        assertThat(point.applies(null, "")).isFalse();
        assertThat(point.applies(null, null)).isFalse();
    }
}
