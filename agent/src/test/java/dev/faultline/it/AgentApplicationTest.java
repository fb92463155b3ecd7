// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Tests against one child JVM running the test application with the agent from start-up (on {@link
 * #jdk()}, with {@link #agentOptions()}), switched over JMX; every fault is disabled after each
 * test.
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

    /** The test application's class path. */
    String classpath() {
        return ChildJvm.CLASSPATH;
    }

    /** The test application's main class. */
    String mainClass() {
        return ChildJvm.JDBC_WORKLOAD;
    }

    /** JVM options besides the agent's. */
    String[] jvmOptions() throws Exception {
        return new String[0];
    }

    @BeforeAll
    void startApplicationWithAgent() throws Exception {
        List<String> options = new ArrayList<>(Arrays.asList(jvmOptions()));
        options.add(ChildJvm.javaagent(agentOptions()));
        app =
                ChildJvm.start(
                        jdk(),
                        classpath(),
                        mainClass(),
                        Collections.emptyMap(),
                        options.toArray(new String[0]));
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
