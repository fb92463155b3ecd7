// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points;

import java.lang.instrument.Instrumentation;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The point modules this agent ships, found with {@link ServiceLoader} in the agent's own class
 * loader (its {@code META-INF/services/dev.faultline.points.PointModule}), in the order listed
 * there. The order fixes the order of {@code list()} and of the points offered to the CLI.
 */
public final class PointModules {
    private PointModules() {}

    /**
     * @param instrumentation the agent's, for points that instrument when a fault is enabled; may
     *     be {@code null} in tests
     */
    public static List<PointModule> all(Instrumentation instrumentation) {
        List<PointModule> modules = new ArrayList<>();
        // The agent's own loader: never the context loader, which is the application's and could
        // offer its own modules.
        // The agent shares the system class loader with the application's class path: only modules
        // from the agent's
        // own jar (or classes directory) count, so an application jar naming a module cannot add
        // points to the agent,
        // and a broken entry of such a jar (a class it lacks) is passed over instead of stopping
        // the agent.
        CodeSource own = PointModules.class.getProtectionDomain().getCodeSource();
        Iterator<ServiceLoader.Provider<PointModule>> providers =
                ServiceLoader.load(PointModule.class, PointModules.class.getClassLoader()).stream()
                        .iterator();
        List<ServiceConfigurationError> passedOver = new ArrayList<>();
        while (true) {
            ServiceLoader.Provider<PointModule> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError unloadable) {
                passedOver.add(unloadable);
                if (passedOver.size() > 100) {
                    break; // a loader that keeps failing on one entry: stop looking
                }
                continue;
            }
            if (sameSource(own, provider.type().getProtectionDomain().getCodeSource())) {
                PointModule module = provider.get();
                module.init(instrumentation);
                modules.add(module);
            }
        }
        if (modules.isEmpty()) {
            // A jar built without its service file would otherwise start with no points and say
            // nothing.
            IllegalStateException none =
                    new IllegalStateException(
                            "no point modules found: META-INF/services/"
                                    + PointModule.class.getName()
                                    + " is missing from the agent jar or names no loadable module");
            passedOver.forEach(none::addSuppressed);
            throw none;
        }
        return modules;
    }

    private static boolean sameSource(CodeSource own, CodeSource other) {
        return own == null
                || other != null && Objects.equals(own.getLocation(), other.getLocation());
    }
}
