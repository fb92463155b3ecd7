// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.bridge.Bridge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultRegistryTest {
    private final SpecParser parser = SpecParserTest.parser(AgentPolicy.defaults());
    private final PointCatalog catalog = catalog();
    private final FaultRegistry registry = new FaultRegistry(catalog);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    FaultRegistryTest() {
        registry.addListener(
                new FaultListener() {
                    @Override
                    public void enabled(ActiveFault fault, Origin origin) {
                        events.add("enabled " + fault.id());
                    }

                    @Override
                    public void ended(ActiveFault fault, EndReason reason, Origin origin) {
                        events.add(reason + " " + fault.id());
                        ended.countDown();
                    }
                });
    }

    private static PointCatalog catalog() {
        List<InjectionPoint> points = new ArrayList<>();
        dev.faultline.points.PointModules.all(null)
                .forEach(module -> points.addAll(module.points()));
        return new PointCatalog(points);
    }

    /** Whether the bridge's switch of a point is on. */
    private boolean on(String point) {
        return Bridge.isOn(catalog.find(point).id());
    }

    @AfterEach
    void shutdown() {
        registry.shutdown(Origin.jcmd());
    }

    @Test
    void switchIsOnExactlyWhileAFaultIsActiveOnThePoint() {
        assertThat(on("jdbc.execute")).isFalse();
        registry.enable(
                parser.parseJson(
                        "{\"id\": \"a\", \"point\": \"jdbc.execute\", \"action\": \"error\"}"),
                Origin.jcmd());
        assertThat(on("jdbc.execute")).isTrue();
        assertThat(on("jdbc.commit")).isFalse();
        assertThat(registry.active(catalog.find("jdbc.execute").id())).hasSize(1);
        assertThat(registry.disable("a", Origin.jcmd())).isTrue();
        assertThat(on("jdbc.execute")).isFalse();
        assertThat(registry.active(catalog.find("jdbc.execute").id())).isEmpty();
        assertThat(events).containsExactly("enabled a", "disabled a");
    }

    @Test
    void oneEnableOfSeveralPointsSetsExactlyTheirSwitchesInOneWord() {
        registry.enable(
                parser.parseJson(
                        "[{\"point\": \"jdbc.execute\", \"action\": \"error\"}, {\"point\": \"dns.resolve\", \"action\": \"error\"}]"),
                Origin.jcmd());
        long expected =
                1L << catalog.find("jdbc.execute").id() | 1L << catalog.find("dns.resolve").id();
        assertThat(Bridge.switches).isEqualTo(expected);
        registry.disableAll(Origin.jcmd());
        assertThat(Bridge.switches).isZero();
    }

    @Test
    void duplicateIdsChangeNothing() {
        registry.enable(
                parser.parseJson(
                        "{\"id\": \"a\", \"point\": \"jdbc.execute\", \"action\": \"error\"}"),
                Origin.jcmd());
        assertThatThrownBy(
                        () ->
                                registry.enable(
                                        parser.parseJson(
                                                "[{\"id\": \"b\", \"point\": \"jdbc.commit\", \"action\": \"error\"}, {\"id\": \"a\", \"point\": \"jdbc.commit\", \"action\": \"error\"}]"),
                                        Origin.jcmd()))
                .hasMessageContaining("a fault with id 'a' is already active");
        assertThat(registry.list()).extracting(ActiveFault::id).containsExactly("a");
        assertThat(on("jdbc.commit")).isFalse();
    }

    @Test
    void faultsExpireAndWakeTheirWaiters() throws Exception {
        List<ActiveFault> faults =
                registry.enable(
                        parser.parseJson(
                                "{\"id\": \"short\", \"point\": \"jdbc.execute\", \"action\": \"hang\", \"duration\": \"200ms\"}"),
                        Origin.jcmd());
        faults.get(0).awaitEnd();
        assertThat(faults.get(0).hasEnded()).isTrue();
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.list()).isEmpty();
        assertThat(on("jdbc.execute")).isFalse();
        assertThat(events).containsExactly("enabled short", "expired short");
    }

    @Test
    void disableAllCountsAndClearsEverything() {
        registry.enable(
                parser.parseJson(
                        "[{\"point\": \"jdbc.execute\", \"action\": \"error\"}, {\"point\": \"jdbc.commit\", \"action\": \"error\"}]"),
                Origin.jcmd());
        assertThat(registry.disableAll(Origin.jcmd())).isEqualTo(2);
        assertThat(registry.activeCount()).isZero();
        assertThat(on("jdbc.execute") || on("jdbc.commit")).isFalse();
    }

    @Test
    void aListenerThatThrowsIsCountedAndKeptFromCallersAndFromTheListenersAfterIt()
            throws Exception {
        AgentLog log = AgentLog.open("off");
        FaultRegistry guarded = new FaultRegistry(catalog(), log);
        List<String> told = new CopyOnWriteArrayList<>();
        CountDownLatch expired = new CountDownLatch(1);
        guarded.addListener(
                new FaultListener() {
                    @Override
                    public void enabled(ActiveFault fault, Origin origin) {
                        throw new IllegalStateException("enabled");
                    }

                    @Override
                    public void ended(ActiveFault fault, EndReason reason, Origin origin) {
                        throw new IllegalStateException("ended");
                    }
                });
        guarded.addListener(
                new FaultListener() {
                    @Override
                    public void enabled(ActiveFault fault, Origin origin) {
                        told.add("enabled " + fault.id());
                    }

                    @Override
                    public void ended(ActiveFault fault, EndReason reason, Origin origin) {
                        told.add(reason + " " + fault.id());
                        if (reason == EndReason.EXPIRED) {
                            expired.countDown();
                        }
                    }
                });
        try {
            assertThat(
                            guarded.enable(
                                    parser.parseJson(
                                            "[{\"id\": \"a\", \"point\": \"jdbc.execute\", \"action\": \"error\"},"
                                                    + " {\"id\": \"b\", \"point\": \"jdbc.commit\", \"action\": \"error\"}]"),
                                    Origin.jcmd()))
                    .hasSize(2);
            assertThat(guarded.disableAll(Origin.jcmd())).isEqualTo(2);
            assertThat(guarded.activeCount()).isZero();
            guarded.enable(
                    parser.parseJson(
                            "{\"id\": \"c\", \"point\": \"jdbc.execute\", \"action\": \"error\", \"duration\": \"100ms\"}"),
                    Origin.jcmd());
            assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(told)
                    .containsExactly(
                            "enabled a",
                            "enabled b",
                            "disabled a",
                            "disabled b",
                            "enabled c",
                            "expired c");
            assertThat(log.internalErrors()).isEqualTo(6);
        } finally {
            guarded.shutdown(Origin.jcmd());
        }
    }
}
