package dev.faultline.agent;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Dispatcher;
import dev.faultline.control.AgentOptions;
import dev.faultline.control.Control;
import dev.faultline.control.Faults;
import dev.faultline.control.JcmdCommands;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.AgentLog;
import dev.faultline.core.Durations;
import dev.faultline.core.FaultDispatcher;
import dev.faultline.core.FaultListener;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.PointCatalog;
import dev.faultline.core.SpecParser;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import dev.faultline.points.PointModules;

import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The installed agent: one per JVM. A second load (start-up then jcmd, or jcmd twice) finds the
 * dispatcher on the bridge and hands its command to the agent already installed.
 */
final class AgentRuntime {
    private AgentRuntime() {}

    static synchronized void load(String arguments, Instrumentation instrumentation, boolean loadedLater) {
        Dispatcher installed = Bridge.dispatcher();
        // At start-up the argument is always options; a load into a running JVM may carry either.
        boolean options = !loadedLater || AgentOptions.looksLikeOptions(arguments);
        if (installed != null) {
            // Commands publish their own result in faultline.last.
            if (!options) {
                installed.command(arguments);
            } else if (arguments == null || arguments.trim().isEmpty()) {
                installed.command("status");
            } else {
                System.setProperty(JcmdCommands.LAST_PROPERTY, "error: the agent (version " + installed.version()
                        + ") is already running; start-up options apply only to the first load. Use apply <file> to add faults.");
            }
            return;
        }
        install(options ? arguments : null, instrumentation, loadedLater);
        if (!options) {
            Bridge.dispatcher().command(arguments);
        }
    }

    private static void install(String arguments, Instrumentation instrumentation, boolean loadedLater) {
        AgentOptions options = AgentOptions.parse(System.getenv("FAULTLINE_OPTS"), arguments);
        AgentLog log = AgentLog.open(options.log());
        String version = version();

        List<InjectionPoint> points = new ArrayList<>();
        List<PointInstrumentation> instrumentations = new ArrayList<>();
        List<String> classFileMarkers = new ArrayList<>();
        for (PointModule module : PointModules.all()) {
            points.addAll(module.points());
            instrumentations.addAll(module.instrumentations());
            classFileMarkers.addAll(module.classFileMarkers());
        }
        PointCatalog catalog = new PointCatalog(points);
        options.checkAllowedPoints(catalog.names());

        FaultRegistry registry = new FaultRegistry(catalog);
        SpecParser parser = new SpecParser(catalog, options.policy());
        Control control = new Control(registry, parser, log, version);
        JcmdCommands commands = new JcmdCommands(control);
        registry.addListener(log);
        registry.addListener(new StatusPublisher(commands));

        Bridge.install(new FaultDispatcher(catalog, registry, log, version, commands::run));
        String installed = "agent " + version + " installed; points: " + String.join(", ", catalog.names())
                + "; max-duration " + Durations.format(options.policy().maxDuration());
        if (loadedLater || options.config() != null) {
            // A command or a config file: its faults must apply from the next call on.
            Instrumenter.install(instrumentation, catalog, instrumentations, classFileMarkers, log, loadedLater);
            log.info(installed);
            if (options.config() != null) {
                log.info("config " + options.config() + ": " + commands.applyFile(Paths.get(options.config())));
            }
            startControlPlane(null, control, commands, registry, log);
        } else {
            // Nothing to inject yet: instrument beside the application's start rather than before it,
            // retransforming what the application loaded meanwhile.
            startControlPlane(() -> {
                Instrumenter.install(instrumentation, catalog, instrumentations, classFileMarkers, log, true);
                log.info(installed);
            }, control, commands, registry, log);
        }
    }

    /**
     * Registers the MBean and publishes the first status off the caller's thread (after the
     * instrumentation, when that is given to it too): the JMX and JSON machinery would otherwise add
     * to the JVM's start-up.
     */
    private static void startControlPlane(Runnable instrumentFirst, Control control, JcmdCommands commands,
                                          FaultRegistry registry, AgentLog log) {
        Thread init = new Thread(() -> {
            if (instrumentFirst != null) {
                try {
                    instrumentFirst.run();
                } catch (RuntimeException | LinkageError e) {
                    log.internalError("instrumentation", e);
                    return;
                }
            }
            commands.publishStatus();
            try {
                registry.addListener(Faults.register(control));
            } catch (Exception e) {
                log.internalError("JMX registration", e);
            }
        }, "faultline-init");
        init.setDaemon(true);
        init.start();
    }

    private static String version() {
        String version = AgentRuntime.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Keeps {@code faultline.status} current as faults expire. */
    private static final class StatusPublisher implements FaultListener {
        private final JcmdCommands commands;

        StatusPublisher(JcmdCommands commands) {
            this.commands = commands;
        }

        @Override
        public void enabled(ActiveFault fault) {
            commands.publishStatus();
        }

        @Override
        public void ended(ActiveFault fault, EndReason reason) {
            commands.publishStatus();
        }
    }
}
