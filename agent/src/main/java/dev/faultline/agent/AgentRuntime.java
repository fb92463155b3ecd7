package dev.faultline.agent;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Dispatcher;
import dev.faultline.control.AgentOptions;
import dev.faultline.control.Control;
import dev.faultline.control.Faults;
import dev.faultline.control.JcmdCommands;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.AgentLog;
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

    static synchronized void load(String arguments, Instrumentation instrumentation) {
        Dispatcher installed = Bridge.dispatcher();
        boolean options = AgentOptions.looksLikeOptions(arguments);
        if (installed != null) {
            String result = options ? installed.command("status") : installed.command(arguments);
            if (options && arguments != null && !arguments.trim().isEmpty()) {
                System.setProperty(JcmdCommands.LAST_PROPERTY, "error: the agent (version " + installed.version()
                        + ") is already running; start-up options apply only to the first load. Use apply <file> to add faults.");
            } else {
                System.setProperty(JcmdCommands.LAST_PROPERTY, result);
            }
            return;
        }
        install(options ? arguments : null, instrumentation);
        if (!options) {
            Bridge.dispatcher().command(arguments);
        }
    }

    private static void install(String arguments, Instrumentation instrumentation) {
        AgentOptions options = AgentOptions.parse(System.getenv("FAULTLINE_OPTS"), arguments);
        AgentLog log = AgentLog.open(options.log());
        String version = version();

        List<InjectionPoint> points = new ArrayList<>();
        List<PointInstrumentation> instrumentations = new ArrayList<>();
        for (PointModule module : PointModules.all()) {
            points.addAll(module.points());
            instrumentations.addAll(module.instrumentations());
        }
        PointCatalog catalog = new PointCatalog(points);
        options.checkAllowedPoints(catalog.names());

        FaultRegistry registry = new FaultRegistry(catalog);
        SpecParser parser = new SpecParser(catalog, options.policy());
        Control control = new Control(registry, parser, log, version);
        JcmdCommands commands = new JcmdCommands(control);
        registry.addListener(log);
        registry.addListener(new StatusPublisher(commands));

        // Instrument first: if that fails, no dispatcher is left behind and a later load starts afresh.
        Instrumenter.install(instrumentation, instrumentations, log);
        Bridge.install(new FaultDispatcher(catalog, registry, log, version, commands::run));
        try {
            registry.addListener(Faults.register(control));
        } catch (Exception e) {
            log.internalError("JMX registration", e);
        }
        log.info("agent " + version + " installed; points: " + String.join(", ", catalog.names())
                + "; max-duration " + options.policy().maxDuration());
        if (options.config() != null) {
            log.info("config " + options.config() + ": " + commands.applyFile(Paths.get(options.config())));
        } else {
            commands.publishStatus();
        }
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
