// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.bridge.Dispatcher;
import dev.faultline.core.AgentLog;
import dev.faultline.core.AgentPolicy;
import dev.faultline.core.CallRecorder;
import dev.faultline.core.FaultDispatcher;
import dev.faultline.core.FaultEvents;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.Origin;
import dev.faultline.core.PointCatalog;
import dev.faultline.core.SpecParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recorder through the real dispatcher and registry: what a fault that matches every call and
 * never acts records.
 */
class RecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PointCatalog catalog = catalog();
    private final FaultRegistry registry = new FaultRegistry(catalog);
    private final FaultDispatcher dispatcher =
            new FaultDispatcher(
                    catalog, registry, AgentLog.open("off"), "test", line -> "", FaultEvents.NONE);
    private Recorder recorder;

    private static PointCatalog catalog() {
        List<InjectionPoint> points = new ArrayList<>();
        dev.faultline.points.PointModules.all(null)
                .forEach(module -> points.addAll(module.points()));
        return new PointCatalog(points);
    }

    @BeforeEach
    void start() throws Exception {
        registry.enable(
                new SpecParser(catalog, AgentPolicy.defaults())
                        .parseJson(
                                "{\"id\": \"all\", \"point\": \"jdbc.execute\", \"action\": \"delay\", \"delay\": \"1ms\", \"probability\": 0}"),
                Origin.jcmd());
        recorder = Recorder.register();
    }

    @AfterEach
    void stop() throws Exception {
        recorder.unregister();
        registry.shutdown(Origin.jcmd());
    }

    @Test
    void recordsEachDistinctCallWithItsSiteAndHowToAimAtIt() throws Exception {
        recorder.start(Sites.class.getName(), 10);
        assertThat(recorder.isRecording()).isTrue();
        Sites sites = new Sites(dispatcher);
        sites.a("select a");
        sites.a("select a");
        sites.b("select a");
        sites.b("select b");
        call(dispatcher, "select c"); // no frame of Sites on the stack: counted, not recorded
        JsonNode recorded = JSON.readTree(recorder.stop());
        assertThat(recorder.isRecording()).isFalse();
        String site = Sites.class.getName();
        String frame = RecorderTest.class.getName() + ".call(RecorderTest.java:" + callLine + ")";
        assertThat(recorded)
                .isEqualTo(
                        JSON.readTree(
                                "{\"recording\": true, \"calls\": ["
                                        + "{\"point\": \"jdbc.execute\", \"match\": {\"sql\": \"select a\"}, \"site\": \""
                                        + site
                                        + ".a(RecorderTest.java:"
                                        + sites.lineA
                                        + ")\","
                                        + " \"frames\": [\""
                                        + frame
                                        + "\"], \"calls\": 2, \"after\": 0, \"sameMatch\": 3},"
                                        + "{\"point\": \"jdbc.execute\", \"match\": {\"sql\": \"select a\"}, \"site\": \""
                                        + site
                                        + ".b(RecorderTest.java:"
                                        + sites.lineB
                                        + ")\","
                                        + " \"frames\": [\""
                                        + frame
                                        + "\"], \"calls\": 1, \"after\": 2, \"sameMatch\": 3},"
                                        + "{\"point\": \"jdbc.execute\", \"match\": {\"sql\": \"select b\"}, \"site\": \""
                                        + site
                                        + ".b(RecorderTest.java:"
                                        + sites.lineB
                                        + ")\","
                                        + " \"frames\": [\""
                                        + frame
                                        + "\"], \"calls\": 1, \"after\": 0, \"sameMatch\": 1}],"
                                        + " \"dropped\": 0, \"withoutSite\": 1}"));
        assertThat(registry.list().get(0).injected()).as("the recording fault never acts").isZero();
    }

    @Test
    void keepsAtMostTheLimitAndCountsTheRest() throws Exception {
        recorder.start(" " + Sites.class.getPackageName() + " ,", 2);
        Sites sites = new Sites(dispatcher);
        for (String sql : List.of("select 1", "select 2", "select 3", "select 1")) {
            sites.a(sql);
        }
        JsonNode recorded = JSON.readTree(recorder.stop());
        assertThat(recorded.get("calls"))
                .extracting(
                        c -> c.get("match").get("sql").asText() + " x" + c.get("calls").asLong())
                .containsExactly("select 1 x2", "select 2 x1");
        assertThat(recorded.get("dropped").asLong()).isEqualTo(1);
    }

    @Test
    void offByDefaultAndBadArgumentsNameTheField() throws Exception {
        new Sites(dispatcher).a("select 1");
        assertThat(JSON.readTree(recorder.stop()))
                .isEqualTo(
                        JSON.readTree(
                                "{\"recording\": false, \"calls\": [], \"dropped\": 0, \"withoutSite\": 0}"));
        assertThatThrownBy(() -> recorder.start("", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "field 'packages': required; expected package prefixes of the application such as com.example.shop");
        assertThatThrownBy(() -> recorder.start("com.example/shop", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "field 'packages': 'com.example/shop' is not a package name; expected e.g. com.example.shop");
        assertThatThrownBy(() -> recorder.start("com.example", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'limit': 0 is out of range; expected 1 to 10000");
        assertThat(CallRecorder.recording()).isFalse();
    }

    private static int callLine;

    /** Ids are given in the order modules are found: the same in every catalog of this agent. */
    private static final int JDBC_EXECUTE = catalog().find("jdbc.execute").id();

    private static void call(Dispatcher dispatcher, String sql) {
        callLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        Object decision = dispatcher.enter(JDBC_EXECUTE, null, sql);
        assertThat(decision).isSameAs(Dispatcher.CALL_EXIT);
        dispatcher.exit(JDBC_EXECUTE);
    }

    /** The application's code: each method is one call site. */
    static final class Sites {
        private final Dispatcher dispatcher;
        int lineA;
        int lineB;

        Sites(Dispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        void a(String sql) {
            // The call on the next line is the site the recorder should name.
            lineA = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            call(dispatcher, sql);
        }

        void b(String sql) {
            // The call on the next line is the site the recorder should name.
            lineB = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            call(dispatcher, sql);
        }
    }
}
