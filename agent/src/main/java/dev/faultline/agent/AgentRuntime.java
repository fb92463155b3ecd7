// SPDX-License-Identifier: Apache-2.0
package dev.faultline.agent;

import dev.faultline.bridge.Bridge;
import dev.faultline.bridge.Dispatcher;
import dev.faultline.control.AgentOptions;
import dev.faultline.control.Control;
import dev.faultline.control.Faults;
import dev.faultline.control.JcmdCommands;
import dev.faultline.control.Recorder;
import dev.faultline.core.ActiveFault;
import dev.faultline.core.AgentLog;
import dev.faultline.core.DaemonThreads;
import dev.faultline.core.Durations;
import dev.faultline.core.FaultDispatcher;
import dev.faultline.core.FaultEvents;
import dev.faultline.core.FaultListener;
import dev.faultline.core.FaultRegistry;
import dev.faultline.core.InjectionPoint;
import dev.faultline.core.Origin;
import dev.faultline.core.PointCatalog;
import dev.faultline.core.Protocol;
import dev.faultline.core.SpecParser;
import dev.faultline.points.PointInstrumentation;
import dev.faultline.points.PointModule;
import dev.faultline.points.PointModules;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The installed agent: one per JVM. A second load (start-up then jcmd, or jcmd twice) finds the
 * dispatcher on the bridge and hands its command to the agent already installed.
 */
final class AgentRuntime {
    private static final String VERSION_PROPERTY = Protocol.VERSION_PROPERTY;

    /**
     * The points allow= permits, comma-separated; absent when every point is. Runners check their
     * faults against it before they start.
     */
    private static final String ALLOW_PROPERTY = Protocol.ALLOW_PROPERTY;

    private final Instrumentation instrumentation;
    private final AgentLog log;
    private final PointCatalog catalog;
    private final FaultRegistry registry;
    private final Control control;
    private final JcmdCommands commands;
    private volatile AgentClassFileTransformer transformer;
    private volatile Faults mbean;
    private volatile Recorder recorder;
    private Thread init;

    /** Guards {@link #mbeansWanted} and the registration it makes. */
    private final Object registering = new Object();

    /**
     * The MBeans are still to register: cleared once they are, or when the agent detaches before.
     */
    private boolean mbeansWanted = true;

    /**
     * The agent started with the JVM: its MBeans may not be registered yet when a command arrives.
     * (One loaded into a running JVM registers them at once on its own thread; a command does not
     * wait for that.)
     */
    private volatile boolean mbeansDeferred;

    /** Guards {@link #deferred} and the installation it makes. */
    private final Object instrumenting = new Object();

    /**
     * The instrumentation still to install when the agent started idle, {@code null} once it is
     * installed (or when it was installed before {@code main}).
     */
    private DeferredInstrumentation deferred;

    /** The idle agent's wait for the application's start to settle. */
    private final StartSettling settling =
            new StartSettling(
                    () -> ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount(),
                    () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));

    private AgentRuntime(
            Instrumentation instrumentation,
            AgentLog log,
            PointCatalog catalog,
            FaultRegistry registry,
            SpecParser parser,
            String version) {
        this.instrumentation = instrumentation;
        this.log = log;
        this.catalog = catalog;
        this.registry = registry;
        // A fault must act from when its command returns: the first one waits for the
        // instrumentation an idle agent deferred.
        this.control =
                new Control(registry, parser, log, version, this::detach, this::instrumentFirst);
        parser.avoidIds(id -> registry.list().stream().anyMatch(fault -> fault.id().equals(id)));
        this.commands = new JcmdCommands(control);
    }

    static synchronized void load(
            String arguments, Instrumentation instrumentation, boolean loadedLater) {
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
                System.setProperty(
                        JcmdCommands.LAST_PROPERTY,
                        "error: the agent (version "
                                + installed.version()
                                + ") is already running; start-up options apply only to the first load. Use apply <file> to add faults.");
            }
            return;
        }
        install(options ? arguments : null, instrumentation, loadedLater);
        if (!options) {
            Bridge.dispatcher().command(arguments);
        }
    }

    private static void install(
            String arguments, Instrumentation instrumentation, boolean loadedLater) {
        AgentOptions options = AgentOptions.parse(System.getenv("FAULTLINE_OPTS"), arguments);
        AgentLog log = AgentLog.open(options.log(), options.logFormat());
        String version = version();
        StartupTrace.mark("options read, log open");

        List<InjectionPoint> points = new ArrayList<>();
        List<String> classFileMarkers = new ArrayList<>();
        Set<String> jdkClasses = new HashSet<>();
        TestExtension extension = TestExtension.find();
        List<PointModule> found = PointModules.all(instrumentation);
        List<PointModule> modules = extension == null ? found : extension.modules(found);
        for (PointModule module : modules) {
            points.addAll(module.points());
            classFileMarkers.addAll(module.classFileMarkers());
            jdkClasses.addAll(module.jdkClasses());
        }
        PointCatalog catalog = new PointCatalog(points);
        StartupTrace.mark("point modules read");
        options.checkAllowedPoints(catalog.names());

        FaultRegistry registry = new FaultRegistry(catalog, log);
        AgentRuntime runtime =
                new AgentRuntime(
                        instrumentation,
                        log,
                        catalog,
                        registry,
                        new SpecParser(catalog, options.policy()),
                        version);
        FaultEvents events = FaultEvents.forThisRuntime(log);
        if (extension != null) {
            extension.listeners().forEach(registry::addListener);
        }
        registry.addListener(log);
        registry.addListener(events);
        registry.addListener(new StatusPublisher(runtime.commands));
        registry.everySecondWhileActive(
                () -> {
                    try {
                        runtime.commands.publishStatus();
                    } catch (RuntimeException | Error e) {
                        // A periodic task that throws is never run again: keep the refresh alive.
                        log.internalError("status refresh", e);
                    }
                });

        AgentOptions.Instrument when = options.instrument();
        boolean instrumentAtStart =
                loadedLater || options.config() != null || when == AgentOptions.Instrument.AT_START;
        Installation installation =
                (retransformAll, adviceUpFront) -> {
                    events.start();
                    AgentClassFileTransformer installedTransformer =
                            Instrumenter.install(
                                    instrumentation,
                                    catalog,
                                    instrumentationsOf(modules),
                                    classFileMarkers,
                                    jdkClasses,
                                    log,
                                    retransformAll,
                                    adviceUpFront);
                    StartupTrace.mark("instrumented");
                    return installedTransformer;
                };
        if (!instrumentAtStart) {
            // In place before any front end can reach the agent: the first command finds it.
            // Whatever the application loaded meanwhile is retransformed.
            runtime.defer(adviceUpFront -> installation.install(true, adviceUpFront));
        }
        // At the JVM's start the MBeans wait for JMX or for the start's end (startControlPlane);
        // set before any front end can reach the agent. A load into a running JVM registers them
        // at once.
        runtime.mbeansDeferred = !loadedLater;
        Bridge.install(
                new FaultDispatcher(catalog, registry, log, version, runtime::command, events));
        System.setProperty(VERSION_PROPERTY, version);
        if (options.policy().allowedPoints() != null) {
            System.setProperty(ALLOW_PROPERTY, String.join(",", options.policy().allowedPoints()));
        }
        String maxDuration = Durations.format(options.policy().maxDuration());
        String installed =
                "agent "
                        + version
                        + " installed; points: "
                        + String.join(", ", catalog.names())
                        + "; max-duration "
                        + maxDuration;
        Map<String, Object> installedFields = new LinkedHashMap<>();
        installedFields.put("version", version);
        installedFields.put("points", catalog.names());
        installedFields.put("maxDuration", maxDuration);
        Thread configWarmUp =
                options.config() == null
                        ? null
                        : warmUpJson(runtime, catalog, options, Paths.get(options.config()));
        if (instrumentAtStart) {
            // A command or a config file: its faults must apply from the next call on, and a
            // recording started with the JVM should see them enabled. Or instrument=at-start.
            runtime.transformer = installation.install(loadedLater, !loadedLater);
            log.event("agent-started", installed, installedFields);
            if (options.config() != null) {
                awaitWarmUp(configWarmUp);
                runtime.commands.applyFile(Paths.get(options.config()));
                StartupTrace.mark("config applied");
            }
            runtime.startControlPlane(false);
        } else {
            // Nothing to inject yet: instrument once the application's start has settled (unless
            // instrument=on-demand) or at the first fault or command, whichever comes first,
            // retransforming what it loaded meanwhile (see defer above).
            log.event("agent-started", installed, installedFields);
            runtime.startControlPlane(when == AgentOptions.Instrument.AFTER_START);
        }
    }

    /**
     * The modules' instrumentations, asked for only where the agent instruments: their type
     * matchers and advice load Byte Buddy's matcher classes, which when the agent starts idle is
     * work for its own thread rather than for the application's main thread before {@code main}.
     */
    private static List<PointInstrumentation> instrumentationsOf(List<PointModule> modules) {
        List<PointInstrumentation> instrumentations = new ArrayList<>();
        for (PointModule module : modules) {
            instrumentations.addAll(module.instrumentations());
        }
        StartupTrace.mark("instrumentations read");
        return instrumentations;
    }

    /**
     * Loads and runs once, on a thread of its own, what applying the config file will use: the JSON
     * (or YAML) reader for the file, the spec checks, and the JSON writer of the status. With a
     * config file the agent must be in place before {@code main}; on two cores this runs beside
     * Byte Buddy's start instead of after it (about a third of the agent's start there). It parses
     * with a parser of its own, whose generated ids are thrown away, and changes nothing: the file
     * is applied, and its errors reported, by the caller as before.
     */
    private static Thread warmUpJson(
            AgentRuntime runtime, PointCatalog catalog, AgentOptions options, Path file) {
        Thread warmUp =
                DaemonThreads.named("faultline-warm-up")
                        .newThread(
                                () -> {
                                    try {
                                        new SpecParser(catalog, options.policy()).parseFile(file);
                                    } catch (RuntimeException | LinkageError e) {
                                        // The caller's own parse reports what is wrong.
                                    }
                                    try {
                                        runtime.control.listJson();
                                    } catch (RuntimeException | LinkageError e) {
                                        // Only a warm-up: publishing the status reports failures.
                                    }
                                    StartupTrace.mark("JSON warmed up");
                                });
        warmUp.start();
        return warmUp;
    }

    /**
     * Waits for the warm-up, bounded: were it stuck, applying the file does the same work itself.
     */
    private static void awaitWarmUp(Thread warmUp) {
        try {
            warmUp.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Publishes the first status and registers the MBeans off the caller's thread (the JMX and JSON
     * machinery would otherwise add to the JVM's start-up). An agent started with the JVM registers
     * them only once the JVM's platform MBean server runs, the start has settled or a command needs
     * them, whichever comes first; an idle one also instruments once the start has settled unless
     * told to wait for a fault. Which of the two it is, {@link #mbeansDeferred} says.
     *
     * @param instrumentWhenSettled instrument once the application's start has settled
     */
    private void startControlPlane(boolean instrumentWhenSettled) {
        init =
                DaemonThreads.named("faultline-init")
                        .newThread(
                                () -> {
                                    commands.publishStatus();
                                    StartupTrace.mark("status published");
                                    if (!mbeansDeferred) {
                                        registerMBeans();
                                        return;
                                    }
                                    try {
                                        StartupTrace.mark(
                                                "application start "
                                                        + settling.await(
                                                                this::registerMBeansIfJmxRuns));
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                    registerMBeans();
                                    if (instrumentWhenSettled) {
                                        instrumentNow(true);
                                    }
                                });
        init.start();
    }

    /**
     * Registers the MBeans during the start only if the JVM's platform MBean server already runs (a
     * JMX connector, the application or a library started it): creating it costs 110 to 190 ms of
     * CPU, which a program that exits early, or a service that nobody manages over JMX during its
     * start, should not pay. A JMX client that started the server finds the MBeans at the next
     * reading, a quarter of a second later at most.
     */
    private void registerMBeansIfJmxRuns() {
        boolean runs;
        try {
            runs = Faults.platformServerRuns();
        } catch (RuntimeException | LinkageError e) {
            runs = false; // registered once the start has settled, which reports any failure
        }
        if (runs) {
            registerMBeans();
        }
    }

    /** Registers the MBeans, once; not after detach. */
    private void registerMBeans() {
        synchronized (registering) {
            if (!mbeansWanted) {
                return;
            }
            mbeansWanted = false;
            try {
                mbean = Faults.register(control);
                registry.addListener(mbean);
                recorder = Recorder.register();
            } catch (Exception e) {
                log.internalError("JMX registration", e);
            }
            StartupTrace.mark("MBeans registered");
        }
    }

    /**
     * A command loaded with the agent (jcmd, the CLI, a runner): whoever sends one is about to work
     * with faults, so the instrumentation an idle agent deferred goes in before it runs, and the
     * command's answer means the agent is ready.
     */
    private String command(String line) {
        instrumentFirst();
        if (mbeansDeferred) {
            // Whoever sends commands may go on over JMX (the CLI does).
            registerMBeans();
        }
        return commands.run(line);
    }

    /**
     * Before a fault is enabled (the call recorder, too, sees only the calls faults match): the
     * instrumentation an idle agent deferred goes in first.
     */
    private void instrumentFirst() {
        synchronized (instrumenting) {
            if (deferred == null) {
                // Instrumented already (or at start): the wait for the start's end, if any, goes
                // on for the MBeans alone (the config= file's faults come through here).
                return;
            }
        }
        settling.wake();
        // Only the advice of the points whose classes are loaded is made now, as on attach: the
        // command waits for this.
        instrumentNow(false);
    }

    private void defer(DeferredInstrumentation instrumentation) {
        synchronized (instrumenting) {
            deferred = instrumentation;
        }
    }

    /**
     * Installs the deferred instrumentation, once, on whichever thread asks first: the agent's own
     * once the start has settled, or a command enabling a fault. The other waits for it.
     */
    private void instrumentNow(boolean adviceUpFront) {
        synchronized (instrumenting) {
            DeferredInstrumentation pending = deferred;
            if (pending == null) {
                return;
            }
            deferred = null;
            try {
                transformer = pending.install(adviceUpFront);
            } catch (RuntimeException | LinkageError e) {
                log.internalError("instrumentation", e);
            }
        }
    }

    /** The instrumentation an idle agent installs after the application's start. */
    private interface DeferredInstrumentation {
        AgentClassFileTransformer install(boolean adviceUpFront);
    }

    /** Installs every point's instrumentation (see {@link Instrumenter#install}). */
    private interface Installation {
        AgentClassFileTransformer install(boolean retransformAll, boolean adviceUpFront);
    }

    /**
     * Uninstalls the agent: ends every fault (releasing what faults hold), gives the instrumented
     * classes their original bytecode back, removes the MBean, stops the agent's threads. A later
     * load installs it afresh.
     */
    private void detach(Origin origin) {
        synchronized (AgentRuntime.class) {
            // An idle agent that has not instrumented yet never will; one instrumenting now
            // finishes first, and its classes are restored below.
            settling.wake();
            synchronized (registering) {
                mbeansWanted = false;
            }
            synchronized (instrumenting) {
                deferred = null;
            }
            try {
                init.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            registry.shutdown(origin);
            AgentClassFileTransformer installedTransformer = transformer;
            if (installedTransformer != null) {
                try {
                    log.info(
                            "detach: restored the original bytecode of "
                                    + installedTransformer.uninstall(instrumentation)
                                    + " classes");
                } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException e) {
                    log.internalError("detach", e);
                }
            }
            Faults registered = mbean;
            if (registered != null) {
                try {
                    registered.unregister();
                } catch (Exception e) {
                    log.internalError("JMX unregistration", e);
                }
            }
            Recorder recording = recorder;
            if (recording != null) {
                try {
                    recording.unregister();
                } catch (Exception e) {
                    log.internalError("JMX unregistration", e);
                }
            }
            catalog.all().forEach(InjectionPoint::close);
            Bridge.uninstall();
            System.clearProperty(VERSION_PROPERTY);
            System.clearProperty(ALLOW_PROPERTY);
            System.clearProperty(JcmdCommands.STATUS_PROPERTY);
            log.event(
                    "detached",
                    "agent detached: instrumented classes restored, faults ended",
                    new LinkedHashMap<>(origin.toMap()));
            log.close();
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
        public void enabled(ActiveFault fault, Origin origin) {
            commands.publishStatus();
        }

        @Override
        public void ended(ActiveFault fault, EndReason reason, Origin origin) {
            commands.publishStatus();
        }
    }
}
