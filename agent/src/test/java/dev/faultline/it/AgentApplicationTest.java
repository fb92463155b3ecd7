package dev.faultline.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Tests against one child JVM running the test application with the agent from start-up (on
 * {@link #jdk()}, with {@link #agentOptions()}), switched over JMX; every fault is disabled after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentApplicationTest {
    ChildJvm app;
    Jmx jmx;

    Jdk jdk() {
        return Jdk.current();
    }

    /** The agent's start-up options, or {@code null}. */
    String agentOptions() throws Exception {
        return null;
    }

    @BeforeAll
    void startApplicationWithAgent() throws Exception {
        app = ChildJvm.start(jdk(), ChildJvm.javaagent(agentOptions()));
        jmx = Jmx.connect(app.pid());
    }

    @AfterEach
    void disableAllFaults() throws Exception {
        jmx.disableAll();
    }

    @AfterAll
    void stopApplication() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** The application's heap in use after a full collection, in MB. */
    long usedMb() throws Exception {
        return Long.parseLong(app.send("heap").detail.replace("used=", ""));
    }
}
