// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The MBeans of one JVM (one connection: a restarted target gets a new instance) as the probes read
 * them, with as few calls into the target as the answers allow: each JMX call is a round trip that
 * the target pays for in CPU (RMI, serialization of the arguments and the answer).
 *
 * <p>A name without wildcards is read directly, never queried. A pattern's matching names are
 * queried once and kept, and queried again after {@link #NAMES_MAX_AGE_NANOS}, when a read finds
 * one of them gone, or while nothing matches, so that an MBean registered later is found.
 *
 * <p>Probes that fall due together share reads ({@link SharedReads}): the same attribute of the
 * same MBean is read once for all of them, and the JVM's own MBeans ({@code java.lang}: memory,
 * threads, garbage collectors, ...) are read with all the attributes asked of them in one call
 * ({@code getAttributes}). Only those: their attributes are figures the JVM keeps, while an
 * application's MBean may have one attribute whose getter blocks, which must not hold up a probe of
 * another attribute.
 */
final class TargetMBeans {
    static final long NAMES_MAX_AGE_NANOS = 10_000_000_000L;

    private record Resolved(Set<ObjectName> names, long at) {}

    /** One {@code getAttributes} of a JVM MBean, for the probes that fall due together. */
    private static final class Round {
        final long start;
        final Set<String> attributes;
        final Set<Object> readers = new HashSet<>();

        /** The attributes asked while this round was the latest: the next round reads them all. */
        final Set<String> asked = new LinkedHashSet<>();

        final CompletableFuture<Map<String, Object>> values = new CompletableFuture<>();

        Round(long start, Set<String> attributes) {
            this.start = start;
            this.attributes = attributes;
        }
    }

    private final MBeanServerConnection server;
    private final LongSupplier clock;
    private final Map<String, Resolved> patterns = new ConcurrentHashMap<>();
    private final SharedReads<List<Object>> shared;
    private final Map<ObjectName, Round> rounds = new HashMap<>();

    TargetMBeans(MBeanServerConnection server) {
        this(server, System::nanoTime);
    }

    /**
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    TargetMBeans(MBeanServerConnection server, LongSupplier clock) {
        this.server = server;
        this.clock = clock;
        this.shared = new SharedReads<>(clock);
    }

    /**
     * The attribute of every MBean matching {@code mbean} (wildcards allowed), by name, in the
     * order the MBean server gave the names; throws when nothing matches.
     */
    Map<ObjectName, Object> read(String mbean, String attribute, Object reader) throws Exception {
        ObjectName name = objectName(mbean);
        if (!name.isPattern()) {
            try {
                Object value = attribute(name, attribute, reader);
                Map<ObjectName, Object> values = new LinkedHashMap<>();
                values.put(name, value);
                return values;
            } catch (InstanceNotFoundException e) {
                throw new IllegalStateException("no MBean matches " + mbean);
            }
        }
        Set<ObjectName> names = names(mbean, name, false);
        try {
            return readAll(names, attribute, reader);
        } catch (InstanceNotFoundException gone) { // unregistered since the names were queried
            return readAll(names(mbean, name, true), attribute, reader);
        } catch (Exception e) {
            patterns.remove(mbean);
            throw e;
        }
    }

    /**
     * The attribute of each MBean that has it: a library may register MBeans of one pattern with
     * different attributes (Kafka's per-partition fetch metrics gain records-lag only once the
     * partition is fetched). Throws when none of them has it.
     */
    private Map<ObjectName, Object> readAll(Set<ObjectName> names, String attribute, Object reader)
            throws Exception {
        Map<ObjectName, Object> values = new LinkedHashMap<>();
        AttributeNotFoundException missing = null;
        for (ObjectName name : names) {
            try {
                values.put(name, attribute(name, attribute, reader));
            } catch (AttributeNotFoundException e) {
                missing = e;
            }
        }
        if (values.isEmpty() && missing != null) {
            throw missing;
        }
        return values;
    }

    private Object attribute(ObjectName name, String attribute, Object reader) throws Exception {
        if (!name.getDomain().equals("java.lang")) {
            return shared.read(
                    List.of(name, attribute), reader, () -> server.getAttribute(name, attribute));
        }
        Round round;
        boolean mine;
        synchronized (rounds) {
            Round latest = rounds.get(name);
            long now = clock.getAsLong();
            if (latest != null
                    && now - latest.start < SharedReads.WINDOW_NANOS
                    && latest.attributes.contains(attribute)
                    && latest.readers.add(reader)) {
                round = latest;
                mine = false;
            } else {
                Set<String> attributes = new LinkedHashSet<>();
                attributes.add(attribute);
                if (latest != null) {
                    attributes.addAll(latest.asked);
                }
                round = new Round(now, attributes);
                round.readers.add(reader);
                rounds.put(name, round);
                mine = true;
            }
            round.asked.add(attribute);
        }
        Map<String, Object> values =
                mine
                        ? SharedReads.complete(
                                round.values, () -> attributes(name, round.attributes))
                        : SharedReads.await(round.values);
        if (values.containsKey(attribute)) {
            return values.get(attribute);
        }
        return server.getAttribute(
                name, attribute); // left out of the answer: its own read says why
    }

    private Map<String, Object> attributes(ObjectName name, Set<String> attributes)
            throws Exception {
        Map<String, Object> values = new HashMap<>();
        if (attributes.size()
                == 1) { // getAttribute's answer is the value alone: less to serialize than an
            // AttributeList
            String attribute = attributes.iterator().next();
            values.put(attribute, server.getAttribute(name, attribute));
            return values;
        }
        for (Attribute attribute :
                server.getAttributes(name, attributes.toArray(String[]::new)).asList()) {
            values.put(attribute.getName(), attribute.getValue());
        }
        return values;
    }

    private Set<ObjectName> names(String mbean, ObjectName pattern, boolean fresh)
            throws Exception {
        long now = clock.getAsLong();
        Resolved resolved = patterns.get(mbean);
        if (fresh || resolved == null || now - resolved.at() > NAMES_MAX_AGE_NANOS) {
            Set<ObjectName> names = server.queryNames(pattern, null);
            if (names.isEmpty()) {
                patterns.remove(mbean);
                throw new IllegalStateException("no MBean matches " + mbean);
            }
            resolved = new Resolved(names, now);
            patterns.put(mbean, resolved);
        }
        return resolved.names();
    }

    private static ObjectName objectName(String mbean) throws MalformedObjectNameException {
        return new ObjectName(mbean);
    }
}
