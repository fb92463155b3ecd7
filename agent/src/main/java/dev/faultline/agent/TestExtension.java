package dev.faultline.agent;

import dev.faultline.core.FaultListener;
import dev.faultline.points.PointModule;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.List;

/**
 * What a test build of the agent jar adds, to make the agent's own parts fail on purpose (a
 * listener that throws, a point whose decision throws, a class that cannot be instrumented) and
 * show that the application never sees it. The shipped jar carries no extension: the agent looks
 * for one once, at start-up, as the resource {@value #MARKER} inside its own jar, which only the
 * tests' copy of the jar has. A class or resource of that name anywhere else (the application's
 * class path) is ignored, so nobody switches an extension on by accident.
 */
public interface TestExtension {
    /** Inside the agent jar: the name of the class implementing this interface. */
    String MARKER = "META-INF/faultline/test-extension";

    /** The modules the agent works with, given the shipped ones: the same, some wrapped, or more. */
    List<PointModule> modules(List<PointModule> shipped);

    /** Listeners told of every fault's lifecycle, before the agent's own. */
    List<FaultListener> listeners();

    /**
     * The extension the agent jar itself names, or {@code null} (always, for the shipped jar).
     *
     * @throws IllegalStateException when the jar names one that cannot be made: a broken test build
     */
    static TestExtension find() {
        ClassLoader loader = TestExtension.class.getClassLoader();
        URL marker = loader == null ? null : loader.getResource(MARKER);
        if (marker == null || !insideTheAgentJar(marker)) {
            return null;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(marker.openStream(), StandardCharsets.UTF_8))) {
            String className = in.readLine().trim();
            return (TestExtension) Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the agent jar names a test extension in " + MARKER + " that cannot be loaded: " + e, e);
        }
    }

    private static boolean insideTheAgentJar(URL marker) {
        CodeSource own = TestExtension.class.getProtectionDomain().getCodeSource();
        return own != null && own.getLocation() != null
                && marker.toString().equals("jar:" + own.getLocation() + "!/" + MARKER);
    }
}
