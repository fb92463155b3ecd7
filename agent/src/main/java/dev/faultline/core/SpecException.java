// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

/**
 * A fault spec, command or option that cannot be accepted. The message names the field and the
 * expected form; nothing has been changed when it is thrown.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    /** A message of the form {@code field 'name': problem}. */
    public static SpecException field(String field, String problem) {
        return new SpecException("field '" + field + "': " + problem);
    }
}
