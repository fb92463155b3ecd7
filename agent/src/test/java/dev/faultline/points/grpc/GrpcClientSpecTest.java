// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.AgentPolicy;
import dev.faultline.core.FaultSpec;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.PointCatalog;
import dev.faultline.core.SpecException;
import dev.faultline.core.SpecParser;
import dev.faultline.points.PointModules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code grpc.client} specs, as the agent's parser takes them: found through the module list,
 * checked by the point.
 */
class GrpcClientSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PointCatalog catalog = catalog();
    private final SpecParser parser = new SpecParser(catalog, AgentPolicy.defaults());

    private static PointCatalog catalog() {
        List<InjectionPoint> points = new ArrayList<>();
        PointModules.all(null).forEach(module -> points.addAll(module.points()));
        return new PointCatalog(points);
    }

    @Test
    void isFoundWithItsActionsAndMatchKeys() {
        InjectionPoint point = catalog.find("grpc.client");
        assertThat(point).isNotNull();
        assertThat(point.matchKeys()).containsExactly("authority", "service", "method");
        assertThat(point.actions())
                .extracting(Enum::name)
                .containsExactlyInAnyOrder("DELAY", "ERROR", "HANG");
    }

    @Test
    void anErrorTakesAStatusCodeAndADescription() throws Exception {
        FaultSpec spec =
                parser.parseJson(
                                "{\"id\": \"busy\", \"point\": \"grpc.client\", \"action\": \"error\", \"error\": \"RESOURCE_EXHAUSTED\","
                                        + " \"message\": \"quota\", \"match\": {\"service\": \"^shop\\\\.Orders$\", \"method\": \"^GetOrder$\"}}")
                        .get(0);
        JsonNode shown =
                JSON.readTree(
                        JSON.writeValueAsString(
                                spec.toMap())); // as list() renders it, then compared as JSON
        assertThat(shown)
                .isEqualTo(
                        JSON.readTree(
                                "{\"id\": \"busy\", \"point\": \"grpc.client\", \"action\": \"error\","
                                        + " \"error\": \"RESOURCE_EXHAUSTED\", \"message\": \"quota\", \"match\": {\"service\": \"^shop\\\\.Orders$\", \"method\": \"^GetOrder$\"},"
                                        + " \"probability\": 1.0, \"after\": 0, \"duration\": \"5m\"}"));
    }

    @Test
    void anUnknownStatusCodeIsRefusedNamingTheFieldAndTheCodes() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"grpc.client\", \"action\": \"error\", \"error\": \"unavailable\"}"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith(
                        "field 'error': 'unavailable' is not a gRPC status code; expected one of CANCELLED, UNKNOWN,")
                .hasMessageContaining("UNAVAILABLE");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"grpc.client\", \"action\": \"error\", \"error\": \"OK\"}"))
                .hasMessageStartingWith("field 'error': 'OK' is not a gRPC status code");
    }

    @Test
    void anUnknownMatchKeyIsRefused() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"grpc.client\", \"action\": \"delay\", \"delay\": \"1s\", \"match\": {\"host\": \"x\"}}"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("host");
    }

    @Test
    void matchValuesAreReadFromTheCallsDetail() {
        InjectionPoint point = catalog.find("grpc.client");
        String detail = "orders.internal:443\tshop.Orders/GetOrder";
        assertThat(point.matchValue("authority", null, detail)).isEqualTo("orders.internal:443");
        assertThat(point.matchValue("service", null, detail)).isEqualTo("shop.Orders");
        assertThat(point.matchValue("method", null, detail)).isEqualTo("GetOrder");
    }
}
