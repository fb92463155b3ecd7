// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code faultline status}: the agent's list as a table, and the libraries a point left off. */
class FaultTableTest {
    private static final String OKHTTP3 =
            "OkHttp 3.14.9 not supported (supported: 4.4 to 5.x);"
                    + " okhttp3.internal.connection.RealCall missing";

    @Test
    void aLibraryLeftOffIsNamedUnderTheTableOnceWhateverTheNumberOfFaults() {
        String list =
                "[{\"id\":\"a\",\"point\":\"http.client\",\"action\":\"error\",\"matched\":0,"
                        + "\"injected\":0,\"remainingMillis\":61000,\"instrumented\":true,"
                        + "\"unsupported\":[\""
                        + OKHTTP3
                        + "\"]},"
                        + "{\"id\":\"b\",\"point\":\"http.client\",\"action\":\"delay\",\"delay\":\"1s\","
                        + "\"matched\":2,\"injected\":2,\"remainingMillis\":5000,\"instrumented\":true,"
                        + "\"unsupported\":[\""
                        + OKHTTP3
                        + "\"]}]";
        assertThat(FaultTable.render(list))
                .isEqualTo(
                        "ID  POINT        ACTION    MATCHED  INJECTED  LEFT   MATCH\n"
                                + "a   http.client  error     0        0         1m01s  \n"
                                + "b   http.client  delay 1s  2        2         5s     \n"
                                + "http.client: "
                                + OKHTTP3
                                + "; the point stays off for it\n");
    }

    @Test
    void withEveryLibrarySupportedTheTableStandsAlone() {
        String list =
                "[{\"id\":\"a\",\"point\":\"jdbc.execute\",\"action\":\"error\",\"matched\":0,"
                        + "\"injected\":0,\"remainingMillis\":3000,\"instrumented\":false}]";
        assertThat(FaultTable.render(list))
                .isEqualTo(
                        "ID  POINT                      ACTION  MATCHED  INJECTED  LEFT  MATCH\n"
                                + "a   jdbc.execute (not loaded)  error   0        0         3s    \n");
    }
}
