// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision for a call while a fault is active: kept per value instance and per statement, and
 * still exactly the pattern's answer for every value, whichever instance carries it.
 */
class MatchDecisionTest {
    private final SpecParser parser = SpecParserTest.parser(AgentPolicy.defaults());
    private final PointCatalog catalog = catalog();

    private static PointCatalog catalog() {
        List<InjectionPoint> points = new ArrayList<>();
        dev.faultline.points.PointModules.all(null)
                .forEach(module -> points.addAll(module.points()));
        return new PointCatalog(points);
    }

    private ActiveFault fault(String json) {
        return new ActiveFault(parser.parseJson(json).get(0));
    }

    @Test
    void aRememberedDecisionIsTheSameAsAFreshOneForEveryValueInstance() {
        ActiveFault inventory =
                fault(
                        "{\"id\": \"a\", \"point\": \"jdbc.execute\", \"action\": \"error\","
                                + " \"match\": {\"sql\": \"(?i)from inventory\"}}");
        String other = "select item from orders where id = ?";
        String hit = "SELECT * FROM inventory";
        // The same instance again, then equal text in new instances, then values taking turns.
        for (int round = 0; round < 3; round++) {
            assertThat(inventory.matches(null, other)).isFalse();
            assertThat(inventory.matches(null, new String(other))).isFalse();
            assertThat(inventory.matches(null, hit)).isTrue();
            assertThat(inventory.matches(null, new String(hit))).isTrue();
            assertThat(inventory.matches(null, other)).isFalse();
        }
        assertThat(inventory.matched()).isZero(); // matching has no effect on the counters
    }

    @Test
    void everyKeyIsDecidedOnItsOwn() {
        ActiveFault dns =
                fault(
                        "{\"id\": \"b\", \"point\": \"dns.resolve\", \"action\": \"error\","
                                + " \"match\": {\"host\": \"^payments\\\\.\"}}");
        assertThat(dns.matches(null, "payments.internal")).isTrue();
        assertThat(dns.matches(null, "orders.internal")).isFalse();
        assertThat(dns.matches(null, "payments.internal")).isTrue();
        assertThat(dns.matches(null, "127.0.0.1")).isFalse();
    }

    @Test
    void identityCacheFindsOnlyTheSameObject() {
        IdentityCache<String> cache = new IdentityCache<>(8);
        Object statement = new Object();
        String sql = "select 1";
        assertThat(cache.get(statement)).isNull();
        cache.put(statement, sql);
        assertThat(cache.get(statement)).isSameAs(sql);
        // An equal but distinct object is another statement.
        assertThat(cache.get(new String(sql))).isNull();
        // A slot taken by another object is a miss for the first, never its neighbour's value.
        List<Object> others = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Object other = new Object();
            others.add(other);
            cache.put(other, "other " + i);
        }
        String found = cache.get(statement);
        assertThat(found == null || found == sql).isTrue();
        for (int i = 0; i < others.size(); i++) {
            String value = cache.get(others.get(i));
            assertThat(value == null || value.equals("other " + i)).isTrue();
        }
    }

    @Test
    void rememberedSqlIsFoundForItsStatementOnly() {
        WeakDetails details = new WeakDetails();
        Object prepared = new Object();
        Object unknown = new Object();
        details.put(prepared, "select item from orders where id = ?");
        for (int i = 0; i < 3; i++) {
            assertThat(details.get(prepared)).isEqualTo("select item from orders where id = ?");
            assertThat(details.get(unknown)).isNull();
        }
    }
}
