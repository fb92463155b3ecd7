// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code grpc.client} seen from the application: grpc-java's own blocking, future and async stubs
 * in a child JVM started with the agent, against a real grpc-java server (Netty) on loopback in the
 * same JVM, faults switched over JMX.
 */
class GrpcClientIT extends AgentApplicationTest {

    @Override
    String classpath() {
        return System.getProperty("faultline.it.grpc.classpath");
    }

    @Override
    String mainClass() {
        return "dev.faultline.it.app.GrpcWorkload";
    }

    @BeforeAll
    void everyStubWorksWithoutFaults() throws Exception {
        for (String stub : new String[] {"blocking", "future", "async"}) {
            assertThat(call(stub, "GetOrder", 5000).detail).startsWith("reply=order 7 ");
        }
    }

    private Reply call(String stub, String method, long deadlineMillis) throws Exception {
        return app.send("call " + stub + " " + method + " 7 " + deadlineMillis);
    }

    private int served(String method) throws Exception {
        return Integer.parseInt(app.send("served " + method).detail.replace("served=", ""));
    }

    @ParameterizedTest
    @CsvSource({
        "blocking, UNAVAILABLE, UNAVAILABLE: io exception",
        "future, UNAVAILABLE, UNAVAILABLE: io exception",
        "async, UNAVAILABLE, UNAVAILABLE: io exception",
        "blocking, DEADLINE_EXCEEDED, DEADLINE_EXCEEDED",
        "future, RESOURCE_EXHAUSTED, RESOURCE_EXHAUSTED",
        "async, RESOURCE_EXHAUSTED, RESOURCE_EXHAUSTED"
    })
    void errorIsTheStatusEveryStubReportsAndTheServerSeesNothing(
            String stub, String code, String message) throws Exception {
        jmx.enable(
                "{\"point\": \"grpc.client\", \"action\": \"error\", \"error\": \""
                        + code
                        + "\", \"match\": {\"method\": \"^GetOrder$\"}}");
        int before = served("GetOrder");
        Reply reply = call(stub, "GetOrder", 5000);
        assertThat(reply.ok).as(reply.toString()).isFalse();
        assertThat(reply.detail).isEqualTo("io.grpc.StatusRuntimeException - " + message);
        assertThat(served("GetOrder")).isEqualTo(before);
        assertThat(call(stub, "ListStock", 5000).detail).startsWith("reply=stock 7 ");
    }

    @Test
    void errorMessageIsTheStatusDescription() throws Exception {
        jmx.enable(
                "{\"point\": \"grpc.client\", \"action\": \"error\", \"error\": \"UNAVAILABLE\", \"message\": \"upstream connect error\"}");
        assertThat(call("blocking", "GetOrder", 5000).detail)
                .isEqualTo("io.grpc.StatusRuntimeException - UNAVAILABLE: upstream connect error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "future", "async"})
    void delayHoldsOnlyTheMatchedMethodAndTheCallThenSucceeds(String stub) throws Exception {
        jmx.enable(
                "{\"point\": \"grpc.client\", \"action\": \"delay\", \"delay\": \"400ms\","
                        + " \"match\": {\"service\": \"^shop\\\\.Orders$\", \"method\": \"^ListStock$\"}}");
        Reply delayed = call(stub, "ListStock", 5000);
        assertThat(delayed.ok).as(delayed.toString()).isTrue();
        assertThat(delayed.detail).startsWith("reply=stock 7 ");
        assertThat(delayed.millis).isBetween(400L, 4000L);
        assertThat(call(stub, "GetOrder", 5000).millis).isLessThan(400L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocking", "future", "async"})
    void hangEndsAtTheCallsDeadlineWithDeadlineExceededAndNothingSent(String stub)
            throws Exception {
        jmx.enable(
                "{\"point\": \"grpc.client\", \"action\": \"hang\", \"match\": {\"method\": \"^GetOrder$\"}}");
        int before = served("GetOrder");
        Reply reply = call(stub, "GetOrder", 700);
        assertThat(reply.ok).as(reply.toString()).isFalse();
        assertThat(reply.detail).startsWith("io.grpc.StatusRuntimeException - DEADLINE_EXCEEDED");
        assertThat(reply.millis).isBetween(650L, 5000L);
        assertThat(served("GetOrder")).isEqualTo(before);
    }

    @Test
    void hangWithoutADeadlineLastsUntilTheFaultEndsAndTheCallThenRuns() throws Exception {
        jmx.enable("{\"point\": \"grpc.client\", \"action\": \"hang\", \"duration\": \"800ms\"}");
        Reply reply = call("blocking", "GetOrder", 0);
        assertThat(reply.ok).as(reply.toString()).isTrue();
        assertThat(reply.detail).startsWith("reply=order 7 ");
        assertThat(reply.millis).isBetween(700L, 5000L);
    }

    @Test
    void authorityIsTheChannels() throws Exception {
        String authority = app.send("authority").detail;
        jmx.enable(
                "{\"id\": \"elsewhere\", \"point\": \"grpc.client\", \"action\": \"error\", \"match\": {\"authority\": \"^payments\\\\.internal:\"}}");
        assertThat(call("blocking", "GetOrder", 5000).ok).isTrue();
        assertThat(jmx.fault("elsewhere").path("matched").asLong()).isZero();
        jmx.enable(
                "{\"id\": \"here\", \"point\": \"grpc.client\", \"action\": \"error\", \"match\": {\"authority\": \"^"
                        + authority.replace(".", "\\\\.")
                        + "$\"}}");
        assertThat(call("blocking", "GetOrder", 5000).detail)
                .startsWith("io.grpc.StatusRuntimeException - UNAVAILABLE");
        assertThat(jmx.fault("here").path("injected").asLong()).isEqualTo(1);
    }

    /**
     * One call through a managed channel's several channels is one call: matched and injected once.
     */
    @Test
    void aCallIsDecidedOnceThroughTheChannelsItPasses() throws Exception {
        jmx.enable(
                "{\"id\": \"once\", \"point\": \"grpc.client\", \"action\": \"delay\", \"delay\": \"50ms\"}");
        for (String stub : new String[] {"blocking", "future", "async"}) {
            assertThat(call(stub, "GetOrder", 5000).ok).isTrue();
        }
        JsonNode fault = jmx.fault("once");
        assertThat(fault.path("matched").asLong()).isEqualTo(3);
        assertThat(fault.path("injected").asLong()).isEqualTo(3);
    }

    @Test
    void listSaysThePointIsInstrumented() throws Exception {
        jmx.enable(
                "{\"id\": \"seen\", \"point\": \"grpc.client\", \"action\": \"delay\", \"delay\": \"1ms\", \"match\": {\"method\": \"^None$\"}}");
        assertThat(jmx.fault("seen").path("instrumented").asBoolean()).isTrue();
    }
}
