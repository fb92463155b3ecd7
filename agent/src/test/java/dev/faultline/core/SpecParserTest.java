// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.points.PointModules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParserTest {
    private final SpecParser parser = parser(AgentPolicy.defaults());

    static SpecParser parser(AgentPolicy policy) {
        List<InjectionPoint> points = new ArrayList<>();
        PointModules.all(null).forEach(module -> points.addAll(module.points()));
        return new SpecParser(new PointCatalog(points), policy);
    }

    @Test
    void parsesTheDesignExample() {
        FaultSpec spec =
                parser.parseJson(
                                "{\"id\": \"slow-inventory-reads\", \"point\": \"jdbc.execute\", \"action\": \"delay\","
                                        + " \"delay\": \"500ms\", \"match\": {\"sql\": \"(?i)select .* from inventory.*\"}, \"probability\": 0.2,"
                                        + " \"after\": 0, \"limit\": 1000, \"duration\": \"5m\"}")
                        .get(0);
        assertThat(spec.id()).isEqualTo("slow-inventory-reads");
        assertThat(spec.point().name()).isEqualTo("jdbc.execute");
        assertThat(spec.action()).isEqualTo(Action.DELAY);
        assertThat(spec.delay()).hasToString("500ms");
        assertThat(spec.match().get("sql").pattern()).isEqualTo("(?i)select .* from inventory.*");
        assertThat(spec.probability()).isEqualTo(0.2);
        assertThat(spec.limit()).isEqualTo(1000);
        assertThat(spec.duration()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void parsesYamlListsWithDefaults() {
        List<FaultSpec> specs =
                parser.parseYaml(
                        "- point: jdbc.commit\n  action: error\n- point: jdbc.execute\n  action: delay\n  delay: 100ms..900ms\n");
        assertThat(specs).hasSize(2);
        assertThat(specs.get(0).id()).startsWith("jdbc.commit-error-");
        assertThat(specs.get(0).duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(specs.get(0).probability()).isEqualTo(1.0);
        assertThat(specs.get(0).limit()).isEqualTo(Long.MAX_VALUE);
        assertThat(specs.get(1).delay()).hasToString("100ms..900ms");
    }

    @Test
    void acceptsIsoDurations() {
        FaultSpec spec =
                parser.parseJson(
                                "{\"point\": \"jdbc.execute\", \"action\": \"hang\", \"duration\": \"PT90S\"}")
                        .get(0);
        assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsUnknownPointNamingTheKnownOnes() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.exec\", \"action\": \"delay\", \"delay\": \"1s\"}"))
                .isInstanceOf(SpecException.class)
                .hasMessage(
                        "field 'point': unknown point 'jdbc.exec'; expected one of jdbc.connect, jdbc.execute, jdbc.commit, jdbc.pool, jdbc.server, kafka.send, kafka.poll, memory, method, http.client, dns.resolve, net.connect, grpc.client");
    }

    @Test
    void readsASyntheticHttpResponse() {
        FaultSpec spec =
                parser.parseYaml(
                                "point: http.client\naction: status\ncode: 503\nbody: busy\nheaders: {Retry-After: 5}\nmatch: {host: orders}\n")
                        .get(0);
        assertThat(spec.value("code")).isEqualTo(503);
        assertThat(spec.value("body")).isEqualTo("busy");
        assertThat(spec.value("headers")).isEqualTo(java.util.Map.of("Retry-After", "5"));
        assertThat(spec.toMap()).containsEntry("code", 503).containsEntry("body", "busy");
    }

    @Test
    void rejectsABadSyntheticHttpResponseNamingTheField() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"http.client\", \"action\": \"status\"}"))
                .hasMessage(
                        "field 'code': required for action 'status'; expected an HTTP status code such as 503");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"http.client\", \"action\": \"status\", \"code\": 99}"))
                .hasMessage(
                        "field 'code': 99 is out of range; expected an HTTP status code from 100 to 599");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"http.client\", \"action\": \"status\", \"code\": 503, \"headers\": {\"Bad Name\": \"x\"}}"))
                .hasMessage("field 'headers.Bad Name': is not an HTTP header name");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"http.client\", \"action\": \"delay\", \"delay\": \"1s\", \"code\": 503}"))
                .hasMessage("field 'code': applies to action 'status' only");
    }

    @Test
    void networkErrorsAreAFailureOrAnIOExceptionClass() {
        assertThat(
                        parser.parseJson(
                                        "{\"point\": \"net.connect\", \"action\": \"error\", \"error\": \"timeout\"}")
                                .get(0)
                                .error())
                .isEqualTo("timeout");
        assertThat(
                        parser.parseJson(
                                "{\"point\": \"net.connect\", \"action\": \"error\", \"error\": \"NoRouteToHostException\"}"))
                .hasSize(1);
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"net.connect\", \"action\": \"error\", \"error\": \"java.sql.SQLException\"}"))
                .hasMessageStartingWith(
                        "field 'error': java.sql.SQLException is not an IOException or an unchecked exception");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"dns.resolve\", \"action\": \"error\", \"error\": \"timeout\"}"))
                .hasMessageStartingWith(
                        "field 'error': no exception class timeout in java.net or java.io");
    }

    @Test
    void rejectsActionThePointDoesNotHave() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.commit\", \"action\": \"hang\"}"))
                .hasMessage(
                        "field 'action': unknown action 'hang' for jdbc.commit; expected one of delay, error");
    }

    @Test
    void rejectsBadDuration() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"5 minutes\"}"))
                .hasMessage(
                        "field 'delay': '5 minutes' is not a duration such as 250ms, 2s, 5m, 1h or PT5M");
    }

    @Test
    void rejectsProbabilityOutOfRange() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"probability\": 1.5}"))
                .hasMessage(
                        "field 'probability': 1.5 is out of range; expected a number from 0 to 1");
    }

    @Test
    void rejectsMalformedJsonWithItsPosition() {
        assertThatThrownBy(() -> parser.parseJson("{\"point\": \"jdbc.execute\", "))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("malformed JSON at line 1, column ");
    }

    @Test
    void rejectsUnknownFieldsAndMatchKeys() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"probabilty\": 0.5}"))
                .hasMessageStartingWith(
                        "field 'probabilty': unknown field; expected one of id, point, action");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.commit\", \"action\": \"error\", \"match\": {\"sql\": \"x\"}}"))
                .hasMessage(
                        "field 'match.sql': unknown match key for jdbc.commit; expected one of url");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"match\": {\"sql\": \"(\"}}"))
                .hasMessageStartingWith("field 'match.sql': invalid regular expression");
    }

    @Test
    void rejectsFieldsOfOtherActions() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"delay\": \"1s\"}"))
                .hasMessage("field 'delay': applies to action 'delay' only");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"delay\"}"))
                .hasMessageStartingWith("field 'delay': required for action 'delay'");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"sqlState\": \"4001\"}"))
                .hasMessageStartingWith("field 'sqlState': '4001' is not an SQLState");
    }

    @Test
    void rejectsExceptionsJdbcCannotThrow() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"error\": \"java.io.IOException\"}"))
                .hasMessage(
                        "field 'error': java.io.IOException is a checked exception that JDBC methods do not throw;"
                                + " expected a java.sql.SQLException subclass or an unchecked exception");
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"error\": \"SQLNoSuchException\"}"))
                .hasMessageStartingWith(
                        "field 'error': no exception class java.sql.SQLNoSuchException");
    }

    @Test
    void aListWithOneBadSpecIsRejectedWhole() {
        assertThatThrownBy(
                        () ->
                                parser.parseJson(
                                        "[{\"point\": \"jdbc.commit\", \"action\": \"error\"}, {\"point\": \"jdbc.commit\", \"action\": \"explode\"}]"))
                .hasMessageStartingWith("fault #2: field 'action': unknown action 'explode'");
    }

    @Test
    void enforcesAllowAndMaxDuration() {
        SpecParser strict =
                parser(
                        new AgentPolicy(
                                Collections.singleton("jdbc.execute"), Duration.ofMinutes(10)));
        assertThatThrownBy(
                        () ->
                                strict.parseJson(
                                        "{\"point\": \"jdbc.commit\", \"action\": \"error\"}"))
                .hasMessage(
                        "field 'point': 'jdbc.commit' is not allowed by this agent's allow= option (allowed: jdbc.execute)");
        assertThatThrownBy(
                        () ->
                                strict.parseJson(
                                        "{\"point\": \"jdbc.execute\", \"action\": \"error\", \"duration\": \"1h\"}"))
                .hasMessage("field 'duration': 1h exceeds this agent's max-duration of 10m");
        SpecParser shortMax = parser(new AgentPolicy(null, Duration.ofMinutes(1)));
        assertThat(
                        shortMax.parseJson("{\"point\": \"jdbc.execute\", \"action\": \"error\"}")
                                .get(0)
                                .duration())
                .isEqualTo(Duration.ofMinutes(1));
    }
}
