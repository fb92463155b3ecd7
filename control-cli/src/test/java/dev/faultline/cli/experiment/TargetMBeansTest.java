// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The calls probes make into a target's MBean server, counted on this JVM's own. */
class TargetMBeansTest {
    private static final long MS = 1_000_000;
    private static final String GCS = "java.lang:type=GarbageCollector,*";

    public interface PoolMBean {
        int getActive();

        int getIdle();
    }

    public static final class Pool implements PoolMBean {
        public int getActive() {
            return 3;
        }

        public int getIdle() {
            return 7;
        }
    }

    public interface GaugeMBean {
        int getValue();
    }

    public static final class Gauge implements GaugeMBean {
        public int getValue() {
            return 1;
        }
    }

    private final MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final TargetMBeans mbeans = new TargetMBeans(counting(platform), clock::get);
    private final List<ObjectName> registered = new ArrayList<>();

    @AfterEach
    void unregister() throws Exception {
        for (ObjectName name : registered) {
            if (platform.isRegistered(name)) {
                platform.unregisterMBean(name);
            }
        }
    }

    @Test
    void aNameWithoutWildcardsIsReadWithoutAQuery() throws Exception {
        Object threads =
                mbeans.read("java.lang:type=Threading", "ThreadCount", "probe")
                        .values()
                        .iterator()
                        .next();
        assertThat(threads).isInstanceOf(Integer.class);
        assertThat(calls).doesNotContain("queryNames");
    }

    @Test
    void aPatternIsQueriedOnceThenAgainWhenItsNamesAreOld() throws Exception {
        int collectors = platform.queryNames(new ObjectName(GCS), null).size();
        for (int tick = 0; tick < 3; tick++) {
            assertThat(mbeans.read(GCS, "CollectionCount", "probe")).hasSize(collectors);
            clock.addAndGet(1_000 * MS);
        }
        assertThat(count("queryNames")).isEqualTo(1);
        clock.addAndGet(TargetMBeans.NAMES_MAX_AGE_NANOS);
        mbeans.read(GCS, "CollectionCount", "probe");
        assertThat(count("queryNames")).isEqualTo(2);
    }

    @Test
    void anMBeanGoneSinceTheQueryIsQueriedAgainAndTheRestRead() throws Exception {
        ObjectName first = register("test.faultline:type=Pool,name=first");
        register("test.faultline:type=Pool,name=second");
        assertThat(mbeans.read("test.faultline:type=Pool,*", "Active", "probe")).hasSize(2);
        platform.unregisterMBean(first);
        clock.addAndGet(1_000 * MS);
        assertThat(mbeans.read("test.faultline:type=Pool,*", "Active", "probe")).hasSize(1);
        assertThat(count("queryNames")).isEqualTo(2);
    }

    @Test
    void nothingMatchingIsAnErrorAndIsLookedForAgainNextTime() throws Exception {
        assertThatThrownBy(() -> mbeans.read("test.faultline:type=Nothing,*", "Active", "probe"))
                .hasMessage("no MBean matches test.faultline:type=Nothing,*");
        assertThatThrownBy(() -> mbeans.read("test.faultline:type=Nothing", "Active", "probe"))
                .hasMessage("no MBean matches test.faultline:type=Nothing");
        register("test.faultline:type=Nothing,name=now");
        clock.addAndGet(1_000 * MS);
        assertThat(mbeans.read("test.faultline:type=Nothing,*", "Active", "probe").values())
                .containsExactly(3);
    }

    @Test
    void probesOfOneJvmMBeanDueTogetherShareOneCall() throws Exception {
        int collectors = platform.queryNames(new ObjectName(GCS), null).size();
        mbeans.read(GCS, "CollectionCount", "gc-count"); // the first tick: each asks alone
        mbeans.read(GCS, "CollectionTime", "gc-time");
        for (int tick = 0; tick < 3; tick++) {
            clock.addAndGet(1_000 * MS);
            calls.clear();
            mbeans.read(GCS, "CollectionCount", "gc-count");
            clock.addAndGet(40 * MS); // the other probe's thread comes a little later
            mbeans.read(GCS, "CollectionTime", "gc-time");
            assertThat(calls).containsOnly("getAttributes").hasSize(collectors);
        }
    }

    @Test
    void aProbeNeverTakesTheSameReadTwice() throws Exception {
        mbeans.read("java.lang:type=Threading", "ThreadCount", "threads");
        mbeans.read("java.lang:type=Threading", "ThreadCount", "threads");
        assertThat(count("getAttribute")).isEqualTo(2);
    }

    @Test
    void anApplicationMBeanIsReadAttributeByAttributeAndOnlyTheSameAttributeShared()
            throws Exception {
        register("test.faultline:type=Pool,name=main");
        String pool = "test.faultline:type=Pool,name=main";
        assertThat(mbeans.read(pool, "Active", "active").values()).containsExactly(3);
        assertThat(mbeans.read(pool, "Active", "active-delta").values()).containsExactly(3);
        assertThat(mbeans.read(pool, "Idle", "idle").values()).containsExactly(7);
        assertThat(calls).containsExactly("getAttribute", "getAttribute");
    }

    @Test
    void aProbeDueTogetherWithAFailedReadGetsTheSameFailure() throws Exception {
        register("test.faultline:type=Pool,name=main");
        String pool = "test.faultline:type=Pool,name=main";
        assertThatThrownBy(() -> mbeans.read(pool, "Missing", "a")).hasMessageContaining("Missing");
        assertThatThrownBy(() -> mbeans.read(pool, "Missing", "b")).hasMessageContaining("Missing");
        assertThat(count("getAttribute")).isEqualTo(1);
    }

    /**
     * As Kafka's per-partition fetch metrics: records-lag appears on a partition's MBean once it is
     * fetched.
     */
    @Test
    void aPatternIsReadFromTheMBeansThatHaveTheAttributeAndIsAnErrorOnlyWhenNoneHasIt()
            throws Exception {
        register("test.faultline:type=Mixed,name=pool");
        ObjectName gauge = new ObjectName("test.faultline:type=Mixed,name=gauge");
        platform.registerMBean(new Gauge(), gauge);
        registered.add(gauge);
        assertThat(mbeans.read("test.faultline:type=Mixed,*", "Active", "active").values())
                .containsExactly(3);
        assertThatThrownBy(() -> mbeans.read("test.faultline:type=Mixed,*", "Missing", "missing"))
                .hasMessageContaining("Missing");
    }

    @Test
    void anAttributeAJvmMBeanLeavesOutIsReadAloneForItsError() throws Exception {
        assertThatThrownBy(() -> mbeans.read("java.lang:type=Threading", "NoSuchFigure", "probe"))
                .hasMessageContaining("NoSuchFigure");
    }

    private ObjectName register(String name) throws Exception {
        ObjectName objectName = new ObjectName(name);
        platform.registerMBean(new Pool(), objectName);
        registered.add(objectName);
        return objectName;
    }

    private long count(String call) {
        return calls.stream().filter(call::equals).count();
    }

    private MBeanServerConnection counting(MBeanServer server) {
        return (MBeanServerConnection)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {MBeanServerConnection.class},
                        (proxy, method, args) -> {
                            calls.add(method.getName());
                            try {
                                return method.invoke(server, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }
}
