// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The form of a point's own spec field: how its value is read from a spec, how {@code list()} shows
 * it, and how help describes it. The common forms are in {@link SpecForms}; a point may write its
 * own.
 *
 * @param <T> the value the point reads from a parsed {@link FaultSpec}
 */
public interface SpecForm<T> {

    /**
     * Reads the value given for {@code field}; throws {@link SpecException} naming {@code field}
     * and the expected form when it is wrong. {@code value} is never {@code null} (JSON {@code
     * null} arrives as a null node).
     */
    T parse(String field, JsonNode value);

    /** The value as {@code list()} and status show it (a String, Number, Boolean, Map or null). */
    Object render(T value);

    /** The expected form in words, for help and errors: {@code a whole number from 2 to 1000}. */
    String expected();

    /**
     * How a command line gives the value: {@link Kind#TEXT} as one word, {@link Kind#NUMBER} as a
     * whole number, {@link Kind#BOOLEAN} as true or false, {@link Kind#PAIRS} as repeated {@code
     * name=value}.
     */
    default Kind kind() {
        return Kind.TEXT;
    }

    /** How a command line gives a field's value. */
    enum Kind {
        TEXT,
        NUMBER,
        BOOLEAN,
        PAIRS
    }
}
