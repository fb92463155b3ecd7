// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import dev.faultline.core.FaultListener;
import dev.faultline.points.PointModule;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.JarFile;

/**
 * What a test build of the agent jar adds, to make the agent's own parts fail on purpose (a
 * listener that throws, a point whose decision throws, a class that cannot be instrumented) and
 * show that the application never sees it. The system property {@value #PROPERTY} names the class,
 * and that class must be inside the agent jar itself: the tests' copy of the jar carries one, the
 * shipped jar none, so with the shipped jar the property only stops the agent from starting, with a
 * message that says why. Without the property (always, in production) nothing is looked up: one
 * property read at start-up is all this costs.
 */
public interface TestExtension {
    String PROPERTY = "faultline.test-extension";

    /**
     * The modules the agent works with, given the shipped ones: the same, some wrapped, or more.
     */
    List<PointModule> modules(List<PointModule> shipped);

    /** Listeners told of every fault's lifecycle, before the agent's own. */
    List<FaultListener> listeners();

    /**
     * The extension {@value #PROPERTY} names, or {@code null} when it names none.
     *
     * @throws IllegalStateException when the agent jar does not carry that class, or it cannot be
     *     made
     */
    static TestExtension find() {
        String className = System.getProperty(PROPERTY);
        if (className == null) {
            return null;
        }
        String entry = className.replace('.', '/') + ".class";
        CodeSource agent = TestExtension.class.getProtectionDomain().getCodeSource();
        try (JarFile jar = new JarFile(Paths.get(agent.getLocation().toURI()).toFile())) {
            if (jar.getEntry(entry) == null) {
                throw new IllegalStateException(
                        PROPERTY
                                + "="
                                + className
                                + ": this agent jar carries no such class;"
                                + " only a test build of the agent has extensions. Remove the property.");
            }
            ClassLoader loader = TestExtension.class.getClassLoader();
            return (TestExtension)
                    Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
        } catch (IOException
                | URISyntaxException
                | ReflectiveOperationException
                | ClassCastException e) {
            throw new IllegalStateException(
                    PROPERTY + "=" + className + ": cannot load the test extension: " + e, e);
        }
    }
}
