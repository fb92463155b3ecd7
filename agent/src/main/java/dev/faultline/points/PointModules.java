package dev.faultline.points;

import java.lang.instrument.Instrumentation;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * The point modules this agent ships, found with {@link ServiceLoader} in the agent's own class
 * loader (its {@code META-INF/services/dev.faultline.points.PointModule}), in the order listed there.
 * The order fixes the order of {@code list()} and of the points offered to the CLI.
 */
public final class PointModules {
    private PointModules() {}

    /** @param instrumentation the agent's, for points that instrument when a fault is enabled; may be {@code null} in tests */
    public static List<PointModule> all(Instrumentation instrumentation) {
        List<PointModule> modules = new ArrayList<>();
        // The agent's own loader: never the context loader, which is the application's and could offer its own modules.
        // The agent shares the system class loader with the application's class path: only modules from the agent's
        // own jar (or classes directory) count, so an application jar naming a module cannot add points to the agent.
        CodeSource own = PointModules.class.getProtectionDomain().getCodeSource();
        ServiceLoader.load(PointModule.class, PointModules.class.getClassLoader()).stream()
                .filter(provider -> sameSource(own, provider.type().getProtectionDomain().getCodeSource()))
                .forEach(provider -> {
                    PointModule module = provider.get();
                    module.init(instrumentation);
                    modules.add(module);
                });
        if (modules.isEmpty()) {
            // A jar built without its service file would otherwise start with no points and say nothing.
            throw new IllegalStateException("no point modules found: META-INF/services/" + PointModule.class.getName() + " is missing from the agent jar");
        }
        return modules;
    }

    private static boolean sameSource(CodeSource own, CodeSource other) {
        return own == null || other != null && Objects.equals(own.getLocation(), other.getLocation());
    }
}
