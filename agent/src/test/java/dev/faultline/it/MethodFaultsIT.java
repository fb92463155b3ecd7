// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code method} faults on a plain class of the application ({@code Inventory}), in a child JVM
 * attached to at start-up.
 */
class MethodFaultsIT extends AgentApplicationTest {
    private static final String INVENTORY = "\"class\": \"app\\\\.Inventory$\"";

    @BeforeAll
    void useTheClass() throws Exception {
        assertThat(app.send("stock abc").detail).isEqualTo("stock=21");
    }

    @Test
    void delayAppliesToTheNamedMethodOnlyAndEndsWithTheFault() throws Exception {
        jmx.enable(
                "{\"id\": \"slow-stock\", \"point\": \"method\", \"action\": \"delay\", \"delay\": \"300ms\","
                        + " \"match\": {"
                        + INVENTORY
                        + ", \"method\": \"^stock$\"}}");
        assertThat(app.send("stock abc").millis).isBetween(300L, 1500L);
        assertThat(app.send("describe abc").millis).isLessThan(300L);
        jmx.disable("slow-stock");
        assertThat(app.send("stock abc").millis).isLessThan(300L);
    }

    @Test
    void errorThrowsACheckedExceptionWithItsMessage() throws Exception {
        jmx.enable(
                "{\"point\": \"method\", \"action\": \"error\", \"error\": \"java.io.IOException\", \"message\": \"disk full\","
                        + " \"match\": {"
                        + INVENTORY
                        + ", \"method\": \"^reserve$\"}}");
        Reply reply = app.send("reserve abc");
        assertThat(reply.ok).isFalse();
        assertThat(reply.detail).isEqualTo("java.io.IOException - disk full");
    }

    @Test
    void returnReplacesTheValueOrSkipsAVoidMethod() throws Exception {
        jmx.enable(
                "[{\"point\": \"method\", \"action\": \"return\", \"value\": 7, \"match\": {"
                        + INVENTORY
                        + ", \"method\": \"^stock$\"}},"
                        + " {\"point\": \"method\", \"action\": \"return\", \"value\": null, \"match\": {"
                        + INVENTORY
                        + ", \"method\": \"^describe$\"}},"
                        + " {\"point\": \"method\", \"action\": \"return\", \"value\": null, \"match\": {"
                        + INVENTORY
                        + ", \"method\": \"^reserve$\"}}]");
        assertThat(app.send("stock abcdef").detail).isEqualTo("stock=7");
        assertThat(app.send("describe abc").detail).isEqualTo("describe=null");
        String before = app.send("reserve abc").detail;
        assertThat(app.send("reserve abc").detail).isEqualTo(before); // the body did not run
    }

    @Test
    void leakRetainsMemoryPerCallAndReleasesIt() throws Exception {
        long baseline = usedMb();
        jmx.enable(
                "{\"id\": \"leaky-stock\", \"point\": \"method\", \"action\": \"leak\", \"bytes\": \"1MB\","
                        + " \"match\": {"
                        + INVENTORY
                        + ", \"method\": \"^stock$\"}}");
        for (int i = 0; i < 30; i++) {
            app.send("stock abc");
        }
        assertThat(usedMb() - baseline).isBetween(25L, 45L);
        assertThat(jmx.list()).contains("\"retained\":\"30MB\"");
        jmx.disable("leaky-stock");
        assertThat(usedMb() - baseline).isLessThan(8L);
    }

    @Test
    void specsThatCannotWorkAreRefused() {
        assertThat(
                        refusal(
                                "{\"point\": \"method\", \"action\": \"delay\", \"delay\": \"1s\", \"match\": {\"class\": \"NoSuchClass\", \"method\": \"x\"}}"))
                .isEqualTo(
                        "field 'match': no loaded class and method match class=NoSuchClass method=x"
                                + " (JDK classes are left out unless jdk: true); enable it once the application has used the class");
        assertThat(
                        refusal(
                                "{\"point\": \"method\", \"action\": \"delay\", \"delay\": \"1s\", \"match\": {\"class\": \"^java\\\\.lang\\\\.String$\", \"method\": \"^trim$\"}}"))
                .startsWith(
                        "field 'match': no loaded class and method match class=^java\\.lang\\.String$ method=^trim$ (JDK classes are left out");
        assertThat(
                        refusal(
                                "{\"point\": \"method\", \"action\": \"return\", \"value\": \"many\", \"match\": {"
                                        + INVENTORY
                                        + ", \"method\": \"^stock$\"}}"))
                .isEqualTo("field 'value': 'many' is not a int");
        assertThat(
                        refusal(
                                "{\"point\": \"method\", \"action\": \"delay\", \"delay\": \"1s\", \"match\": {\"method\": \"^stock$\"}}"))
                .startsWith("field 'match': method faults need match.class and match.method");
    }

    private String refusal(String spec) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> jmx.enable(spec));
        assertThat(thrown).isInstanceOf(RuntimeMBeanException.class);
        return ((RuntimeMBeanException) thrown).getTargetException().getMessage();
    }
}
