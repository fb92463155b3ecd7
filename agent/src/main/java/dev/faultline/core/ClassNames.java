// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.regex.Pattern;

/**
 * Class names given in fault specs (an {@code error} class, a {@code method}'s class, a recorder's
 * packages): the form checked once here, and loading that never throws, for every point.
 */
public final class ClassNames {
    private static final Pattern QUALIFIED =
            Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    private ClassNames() {}

    /** Whether the text is a Java class (or package) name, simple or fully qualified. */
    public static boolean isValid(String name) {
        return name != null && QUALIFIED.matcher(name).matches();
    }

    /**
     * The class of that name as the loader sees it, not initialized; {@code null} when it cannot be
     * loaded.
     */
    public static Class<?> tryLoad(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            return null;
        }
    }
}
