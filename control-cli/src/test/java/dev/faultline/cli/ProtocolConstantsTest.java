// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI compiles against the agent's core/Protocol but must not need it at run time (the shaded
 * CLI jar carries the agent only as a nested jar, never on its class path): every name it uses is a
 * compile-time constant, copied into its classes.
 */
class ProtocolConstantsTest {

    @Test
    void theCliRunsItsProtocolCodeWithoutTheAgentOnItsClassPath() throws Exception {
        Path agentClasses =
                Paths.get(
                        dev.faultline.core.Protocol.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!Paths.get(entry).toAbsolutePath().equals(agentClasses.toAbsolutePath())) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        try (URLClassLoader withoutAgent =
                new URLClassLoader(
                        urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> withoutAgent.loadClass("dev.faultline.core.Protocol"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> table = withoutAgent.loadClass(FaultTable.class.getName());
            Method render = table.getDeclaredMethod("render", String.class);
            render.setAccessible(true);
            String rendered =
                    (String)
                            render.invoke(
                                    null,
                                    "[{\"id\": \"slow-orders\", \"point\": \"jdbc.execute\", \"action\": \"delay\","
                                            + " \"delay\": \"500ms\", \"matched\": 7, \"injected\": 3,"
                                            + " \"remainingMillis\": 61000, \"instrumented\": true}]");
            assertThat(rendered).contains("slow-orders", "jdbc.execute", "delay 500ms", "1m01s");
            // the classes that speak to the agent load and link with the names in them
            for (String name :
                    new String[] {
                        LocalJvm.class.getName(),
                        RemoteJvm.class.getName(),
                        TargetJvm.class.getName(),
                        FaultlineCli.class.getName() + "$Detach",
                        FaultlineCli.class.getName() + "$Disable"
                    }) {
                Class.forName(name, true, withoutAgent);
            }
        }
    }
}
