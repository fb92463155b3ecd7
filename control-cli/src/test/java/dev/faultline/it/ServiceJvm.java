// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link dev.faultline.it.app.ExperimentService} in a child JVM, with its HTTP port. */
final class ServiceJvm implements AutoCloseable {
    static final String MAIN = "dev.faultline.it.app.ExperimentService";

    final ChildJvm jvm;
    final int port;

    private ServiceJvm(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    static ServiceJvm start() throws Exception {
        return start(MAIN);
    }

    /** The service under another main class (one that delegates to it). */
    static ServiceJvm start(String mainClass) throws Exception {
        return start(mainClass, new String[0]);
    }

    /** The service with more JVM options (such as {@code -javaagent:...}). */
    static ServiceJvm start(String mainClass, String... jvmOptions) throws Exception {
        String testClasses = System.getProperty("faultline.it.test-classes");
        List<String> options =
                new ArrayList<>(List.of("-XX:+EnableDynamicAgentLoading", "-Xshare:auto"));
        options.addAll(List.of(jvmOptions));
        ChildJvm jvm =
                ChildJvm.start(
                        Jdk.current(),
                        ChildJvm.CLASSPATH + File.pathSeparator + testClasses,
                        mainClass,
                        Map.of(),
                        options.toArray(new String[0]));
        Reply reply = jvm.send("port");
        return new ServiceJvm(jvm, Integer.parseInt(reply.detail.substring("port=".length())));
    }

    long pid() {
        return jvm.pid();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
