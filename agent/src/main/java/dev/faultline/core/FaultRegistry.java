// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import dev.faultline.bridge.Bridge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The one registry of active faults that every front end (startup config, JMX, jcmd) feeds. It
 * keeps, per point, an array of the active faults that the hot path reads without locking, and
 * keeps the bridge's switch of each point on exactly while that array is not empty.
 */
public final class FaultRegistry {
    private static final ActiveFault[] NONE = new ActiveFault[0];

    private final PointCatalog catalog;
    private final Map<String, Entry> byId = new LinkedHashMap<>();
    private final AtomicReferenceArray<ActiveFault[]> byPoint;
    private final List<FaultListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, DaemonThreads.named("faultline-timer"));
    private final AgentLog log;

    /** A registry whose listeners' failures are counted nowhere (tests). */
    public FaultRegistry(PointCatalog catalog) {
        this(catalog, AgentLog.open("off"));
    }

    /**
     * @param log counts and reports what a listener throws, which never reaches the caller
     */
    public FaultRegistry(PointCatalog catalog, AgentLog log) {
        this.catalog = catalog;
        this.log = log;
        // A disabled fault's expiry leaves the timer's queue at once instead of at its deadline
        // (up to max-duration later): a storm of enable/disable would otherwise pile them up.
        timer.setRemoveOnCancelPolicy(true);
        this.byPoint = new AtomicReferenceArray<>(catalog.size());
        for (int i = 0; i < catalog.size(); i++) {
            byPoint.set(i, NONE);
        }
    }

    public void addListener(FaultListener listener) {
        listeners.add(listener);
    }

    /**
     * Enables all the given faults, or none of them when an id is already in use.
     *
     * @param origin who asked, through which front end (told to the listeners)
     * @return the faults now active, in the given order
     */
    public synchronized List<ActiveFault> enable(List<FaultSpec> specs, Origin origin) {
        Set<String> ids = new HashSet<>();
        for (FaultSpec spec : specs) {
            if (byId.containsKey(spec.id()) || !ids.add(spec.id())) {
                throw SpecException.field(
                        "id",
                        "a fault with id '"
                                + spec.id()
                                + "' is already active; disable it first or choose another id");
            }
        }
        List<ActiveFault> enabled = new ArrayList<>();
        for (FaultSpec spec : specs) {
            enabled.add(new ActiveFault(spec));
        }
        startAll(enabled);
        for (ActiveFault fault : enabled) {
            // Timed from the fault's own deadline, not from now: starting a fault (a memory fill)
            // can take a while, and the fault must not outlive its duration by that much.
            ScheduledFuture<?> expiry =
                    timer.schedule(
                            this::expireDue,
                            fault.deadlineNanos() - System.nanoTime(),
                            TimeUnit.NANOSECONDS);
            byId.put(fault.id(), new Entry(fault, expiry));
        }
        publish();
        for (ActiveFault fault : enabled) {
            tell("enabled", listener -> listener.enabled(fault, origin));
        }
        return enabled;
    }

    /**
     * Starts the faults that act by themselves; if one cannot start, stops those started and
     * rethrows.
     */
    private static void startAll(List<ActiveFault> faults) {
        List<ActiveFault> started = new ArrayList<>();
        try {
            for (ActiveFault fault : faults) {
                fault.spec().point().start(fault);
                started.add(fault);
            }
        } catch (RuntimeException e) {
            started.forEach(fault -> fault.spec().point().stop(fault));
            throw e;
        }
    }

    /** Disables one fault; {@code false} when no fault has that id. */
    public boolean disable(String id, Origin origin) {
        return end(id, FaultListener.EndReason.DISABLED, origin);
    }

    /** Disables every fault and returns how many there were. */
    public int disableAll(Origin origin) {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(byId.keySet());
        }
        int count = 0;
        for (String id : ids) {
            if (disable(id, origin)) {
                count++;
            }
        }
        return count;
    }

    /** The active faults, oldest first. */
    public synchronized List<ActiveFault> list() {
        List<ActiveFault> faults = new ArrayList<>();
        byId.values().forEach(entry -> faults.add(entry.fault));
        return faults;
    }

    public synchronized int activeCount() {
        return byId.size();
    }

    /** The active faults of a point; read on the hot path, never {@code null}. */
    ActiveFault[] active(int point) {
        return byPoint.get(point);
    }

    void firstInjection(ActiveFault fault) {
        tell("first injection", listener -> listener.firstInjection(fault));
    }

    /**
     * Runs a task every second while at least one fault is active: keeps published counters fresh
     * for readers that cannot ask (the {@code faultline} CLI reads system properties).
     */
    public void everySecondWhileActive(Runnable task) {
        timer.scheduleAtFixedRate(
                () -> {
                    if (activeCount() > 0) {
                        task.run();
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
    }

    /** Ends every fault and stops the timer thread (agent detach). */
    public void shutdown(Origin origin) {
        disableAll(origin);
        timer.shutdownNow();
    }

    private boolean end(String id, FaultListener.EndReason reason, Origin origin) {
        Entry entry;
        synchronized (this) {
            entry = byId.remove(id);
            if (entry == null) {
                return false;
            }
            publish();
        }
        finish(entry, reason, origin);
        return true;
    }

    /**
     * Ends every fault whose deadline has passed, in one pass: faults due together (a batch enabled
     * with one duration) end together, instead of each waiting for the lock, the switches and the
     * listeners of those before it. Going by the deadline rather than by id, it also cannot end a
     * fault that took the id of one disabled meanwhile.
     */
    private void expireDue() {
        List<Entry> due = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Iterator<Entry> entries = byId.values().iterator(); entries.hasNext(); ) {
                Entry entry = entries.next();
                if (now - entry.fault.deadlineNanos() >= 0) {
                    entries.remove();
                    due.add(entry);
                }
            }
            if (due.isEmpty()) {
                return;
            }
            publish();
        }
        due.forEach(
                entry ->
                        entry.fault
                                .end()); // every waiting call is released before any listener runs
        due.forEach(entry -> finish(entry, FaultListener.EndReason.EXPIRED, Origin.EXPIRY));
    }

    /**
     * Ends a fault already taken out of the registry: releases its calls and what it holds, and
     * tells the listeners.
     */
    private void finish(Entry entry, FaultListener.EndReason reason, Origin origin) {
        entry.expiry.cancel(false);
        entry.fault.end();
        try {
            entry.fault.spec().point().stop(entry.fault);
        } catch (RuntimeException | Error failure) {
            // The fault has ended regardless; a disable-all must go on to the next one.
            log.internalError(entry.fault.spec().point().name() + " stop", failure);
        }
        tell("ended", listener -> listener.ended(entry.fault, reason, origin));
    }

    /**
     * Tells every listener of an event. What one throws is the agent's own failure: counted, and
     * kept from the caller (an enable that succeeded, the expiry thread, an injected call) and from
     * the listeners after it.
     */
    private void tell(String event, Consumer<FaultListener> call) {
        for (FaultListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException | Error failure) {
                log.internalError(
                        "fault listener (" + event + ")", listener.getClass().getName(), failure);
            }
        }
    }

    /**
     * Rebuilds the per-point arrays, then sets all points' switches in one write. Called with the
     * lock held, so it goes over the active faults once, not once per point: an expiry waits for
     * this lock.
     */
    private void publish() {
        List<List<ActiveFault>> perPoint = new ArrayList<>(catalog.size());
        for (int i = 0; i < catalog.size(); i++) {
            perPoint.add(new ArrayList<>());
        }
        for (Entry entry : byId.values()) {
            perPoint.get(entry.fault.spec().point().id()).add(entry.fault);
        }
        long switches = 0L;
        for (InjectionPoint point : catalog.all()) {
            List<ActiveFault> faults = perPoint.get(point.id());
            byPoint.set(point.id(), faults.isEmpty() ? NONE : faults.toArray(NONE));
            if (!faults.isEmpty()) {
                switches |= 1L << point.id();
            }
        }
        // After the arrays: a call that sees its bit finds its faults already there.
        Bridge.setSwitches(switches);
    }

    private static final class Entry {
        final ActiveFault fault;
        final ScheduledFuture<?> expiry;

        Entry(ActiveFault fault, ScheduledFuture<?> expiry) {
            this.fault = fault;
            this.expiry = expiry;
        }
    }
}
