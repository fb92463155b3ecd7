// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the calls that faults matched while recording is on: for each distinct (point, match
 * values, call site), the values of the point's match keys, the call site (the first stack frame in
 * the application's packages) and a few frames above it, with a count. Explore mode of the test
 * library uses it: a test runs once with faults that match every call and never act, then once per
 * recorded call and failure.
 *
 * <p>Off (the default), {@link #note} is one volatile read, and only on calls a fault matched: the
 * idle path of the advice never reaches it. On, it walks the stack of every matched call, so it is
 * for test runs, not production. Bounded: at most {@code limit} distinct calls; later new ones are
 * only counted as dropped.
 */
public final class CallRecorder {
    private static final StackWalker WALKER = StackWalker.getInstance();

    /** Frames above the call site kept with a record (from the instrumented method down). */
    static final int FRAMES = 8;

    private static final int MAX_LIMIT = 10_000;

    /** The agent's own frames and the JDK's are never a call site. */
    private static final String[] NEVER_SITES = {
        "dev.faultline.core.",
        "dev.faultline.bridge.",
        "dev.faultline.agent.",
        "dev.faultline.points.",
        "dev.faultline.shaded.",
        "dev.faultline.junit.",
        "java.",
        "javax.",
        "jdk.",
        "sun.",
        "com.sun."
    };

    private static volatile CallRecorder current;

    private final String[] sitePrefixes;
    private final int limit;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * Calls seen so far per (point, match values), to tell each entry's first one apart from the
     * others'.
     */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong withoutSite = new AtomicLong();

    private CallRecorder(List<String> sitePrefixes, int limit) {
        this.sitePrefixes = sitePrefixes.toArray(new String[0]);
        this.limit = limit;
    }

    /**
     * Starts recording afresh (what an earlier recording kept is dropped). A call is recorded when
     * a frame of a class in one of {@code sitePrefixes} (packages such as {@code com.example.shop},
     * or classes) is on its stack; the first such frame from the top is its site.
     *
     * @throws IllegalArgumentException naming the field when the prefixes or the limit are unusable
     */
    public static void start(List<String> sitePrefixes, int limit) {
        if (sitePrefixes == null || sitePrefixes.isEmpty()) {
            throw new IllegalArgumentException(
                    "field 'packages': required; expected package prefixes of the application such as com.example.shop");
        }
        for (String prefix : sitePrefixes) {
            if (prefix == null
                    || !ClassNames.isValid(
                            prefix.endsWith(".")
                                    ? prefix.substring(0, prefix.length() - 1)
                                    : prefix)) {
                throw new IllegalArgumentException(
                        "field 'packages': '"
                                + prefix
                                + "' is not a package name; expected e.g. com.example.shop");
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "field 'limit': " + limit + " is out of range; expected 1 to " + MAX_LIMIT);
        }
        List<String> prefixes = new ArrayList<>();
        for (String prefix : sitePrefixes) {
            prefixes.add(prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
        current = new CallRecorder(prefixes, limit);
    }

    /** Stops recording and returns what was recorded (empty when recording was off). */
    public static Map<String, Object> stop() {
        CallRecorder recorder = current;
        current = null;
        return recorder == null ? report(Collections.emptyList(), 0, 0, false) : recorder.report();
    }

    /** Whether recording is on. */
    public static boolean recording() {
        return current != null;
    }

    /** Called by the dispatcher for each outermost call a fault matched. Never throws. */
    static void note(InjectionPoint point, Object target, Object detail) {
        CallRecorder recorder = current;
        if (recorder == null) {
            return;
        }
        try {
            recorder.record(point, target, detail);
        } catch (RuntimeException | LinkageError e) {
            // A recording that cannot read a call must not change the call.
            recorder.dropped.incrementAndGet();
        }
    }

    private void record(InjectionPoint point, Object target, Object detail) {
        Map<String, String> match = new LinkedHashMap<>();
        for (String key : point.matchKeys()) {
            String value = point.matchValue(key, target, detail);
            if (value != null) {
                match.put(key, value);
            }
        }
        List<String> frames = new ArrayList<>();
        String[] site = new String[1];
        WALKER.walk(
                stream -> {
                    // From the instrumented method down: the walker's, the recorder's and the
                    // dispatcher's frames go.
                    stream.dropWhile(f -> !f.getClassName().equals(FaultDispatcher.class.getName()))
                            .dropWhile(
                                    f ->
                                            f.getClassName().startsWith("dev.faultline.core.")
                                                    || f.getClassName()
                                                            .startsWith("dev.faultline.bridge."))
                            .anyMatch(
                                    f -> {
                                        String text = f.toStackTraceElement().toString();
                                        if (isSite(f.getClassName())) {
                                            site[0] = text;
                                            return true;
                                        }
                                        if (frames.size() < FRAMES) {
                                            frames.add(text);
                                        }
                                        return false;
                                    });
                    return Optional.empty();
                });
        if (site[0] == null) {
            // Not the application's call (a pool's or a client's own thread): nothing a test can
            // aim at.
            withoutSite.incrementAndGet();
            return;
        }
        String call = point.name() + '\n' + match;
        String key = call + '\n' + site[0];
        synchronized (this) {
            long before = seen.getOrDefault(call, 0L);
            seen.put(call, before + 1);
            Entry entry = entries.get(key);
            if (entry == null) {
                if (entries.size() >= limit) {
                    dropped.incrementAndGet();
                    return;
                }
                entries.put(key, new Entry(point.name(), match, site[0], frames, before));
            } else {
                entry.calls++;
            }
        }
    }

    private boolean isSite(String className) {
        for (String never : NEVER_SITES) {
            if (className.startsWith(never)) {
                return false;
            }
        }
        for (String prefix : sitePrefixes) {
            // A package and what is in it, or a class and its nested classes; not
            // com.example.shopping for com.example.shop.
            if (className.startsWith(prefix)
                    && (className.length() == prefix.length()
                            || className.charAt(prefix.length()) == '.'
                            || className.charAt(prefix.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    private synchronized Map<String, Object> report() {
        List<Map<String, Object>> calls = new ArrayList<>();
        for (Entry entry : entries.values()) {
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("point", entry.point);
            call.put("match", entry.match);
            call.put("site", entry.site);
            call.put("frames", entry.frames);
            call.put("calls", entry.calls);
            // How many calls with the same point and match values came before this site's first one
            // (from any site), and how many there were in all: a fault with "after" set to the
            // first
            // and "limit" 1 acts on this site's first call, when the test makes its calls in the
            // same order.
            call.put("after", entry.after);
            call.put("sameMatch", seen.get(entry.point + '\n' + entry.match));
            calls.add(call);
        }
        return report(calls, dropped.get(), withoutSite.get(), true);
    }

    private static Map<String, Object> report(
            List<Map<String, Object>> calls, long dropped, long withoutSite, boolean wasOn) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recording", wasOn);
        out.put("calls", calls);
        out.put("dropped", dropped);
        out.put("withoutSite", withoutSite);
        return out;
    }

    private static final class Entry {
        final String point;
        final Map<String, String> match;
        final String site;
        final List<String> frames;
        final long after;
        long calls = 1;

        Entry(
                String point,
                Map<String, String> match,
                String site,
                List<String> frames,
                long after) {
            this.point = point;
            this.match = match;
            this.site = site;
            this.frames = frames;
            this.after = after;
        }
    }
}
