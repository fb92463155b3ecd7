// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RequestLineTest {

    @Test
    void writesTheDefaultPortSoThatMatchPortSeesIt() {
        assertThat(RequestLine.format("GET", URI.create("https://payments.internal/charges?id=7")))
                .isEqualTo("GET https://payments.internal:443/charges?id=7");
        assertThat(RequestLine.format("POST", URI.create("http://orders.internal")))
                .isEqualTo("POST http://orders.internal:80/");
        assertThat(RequestLine.format("GET", URI.create("http://127.0.0.1:8080/a%20b")))
                .isEqualTo("GET http://127.0.0.1:8080/a%20b");
    }

    @Test
    void readsUrlsAsClientsPrintThem() {
        assertThat(RequestLine.format("GET", "https://payments.internal/charges?id=7#top"))
                .isEqualTo("GET https://payments.internal:443/charges?id=7");
        assertThat(RequestLine.format("GET", "http://[::1]:8080/x"))
                .isEqualTo("GET http://[::1]:8080/x");
        assertThat(RequestLine.format("GET", "http://[::1]?q=1"))
                .isEqualTo("GET http://[::1]:80/?q=1");
        assertThat(RequestLine.format("PUT", "/relative/path?x=1"))
                .isEqualTo("PUT http://:80/relative/path?x=1");
        RequestLine v6 = RequestLine.parse("GET http://[::1]:8080/x");
        assertThat(v6.value("host")).isEqualTo("[::1]");
        assertThat(v6.value("port")).isEqualTo("8080");
    }

    @Test
    void givesEachMatchKeyItsPart() {
        RequestLine line =
                RequestLine.parse("DELETE http://inventory.internal:8081/stock/42?force=true");
        assertThat(line.value("method")).isEqualTo("DELETE");
        assertThat(line.value("host")).isEqualTo("inventory.internal");
        assertThat(line.value("port")).isEqualTo("8081");
        assertThat(line.value("path")).isEqualTo("/stock/42?force=true");
        assertThat(RequestLine.origin("DELETE http://inventory.internal:8081/stock/42"))
                .isEqualTo("http://inventory.internal:8081");
    }

    @Test
    void aTypedLineIsReadOnceAndAnswersEveryKeyWithoutWorkPerCall() {
        RequestLine line =
                RequestLine.of("GET", URI.create("https://payments.internal/charges?id=7"));
        assertThat(line.toString()).isEqualTo("GET https://payments.internal:443/charges?id=7");
        assertThat(line.value("host")).isEqualTo("payments.internal");
        assertThat(line.value("path")).isEqualTo("/charges?id=7");
        // The same instances every time: a fault's memo of its last value then decides by identity.
        assertThat(line.value("port")).isEqualTo("443").isSameAs(line.value("port"));
        assertThat(line.value("host")).isSameAs(line.value("host"));
        assertThat(RequestLine.of("GET", "http://orders.internal:8080/orders/1").toString())
                .isEqualTo("GET http://orders.internal:8080/orders/1");
    }
}
