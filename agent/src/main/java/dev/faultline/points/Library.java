// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A library an instrumentation changes classes of, with the versions it supports and the members it
 * needs (OpenTelemetry's "muzzle" idea, small). Before a class of the library is instrumented in a
 * class loader, the agent reads the library's version there and looks for the members, without
 * loading or initialising any class; outside the range, or with a member missing, the
 * instrumentation stays off in that loader and {@code list()} says why.
 *
 * <p>Declared by a {@link PointInstrumentation#libraries()}; the range is the one the tests run
 * (oldest and newest), so that an untested line is reported rather than guessed at.
 */
public final class Library {
    private static final Pattern RANGE =
            Pattern.compile("\\[\\s*([0-9][0-9.]*)\\s*,\\s*([0-9][0-9.]*)\\s*\\)");
    private static final Pattern REFERENCE =
            Pattern.compile("[\\w.$]+(#([\\w$]+\\*?|<init>)(\\((\\d+|\\*)\\))?)?");

    private final String name;
    private final List<String> packages;
    private final String landmark;
    private final int[] from;
    private final int[] until;
    private final String range;
    private final List<String> versionFiles;
    private final List<String> needs;

    private Library(Builder builder) {
        this.name = builder.name;
        this.packages = Collections.unmodifiableList(builder.packages);
        this.landmark = builder.landmark;
        this.from = builder.from;
        this.until = builder.until;
        this.range = builder.range;
        this.versionFiles = Collections.unmodifiableList(builder.versionFiles);
        this.needs = Collections.unmodifiableList(builder.needs);
    }

    /**
     * Starts a declaration.
     *
     * @param name as users know it: {@code OkHttp}, {@code HikariCP}
     * @param range {@code [from, until)}, such as {@code [4.0, 6)}: from a version on, up to but
     *     not including another
     * @param landmark a class every version of the library has (also those it does not support), by
     *     which the agent finds the library's jar and notices an unsupported version even where the
     *     instrumented classes are gone
     */
    public static Builder named(String name, String range, String landmark) {
        return new Builder(name, range, landmark);
    }

    public String name() {
        return name;
    }

    /** The packages (with a trailing dot) whose classes this declaration governs. */
    public List<String> packages() {
        return packages;
    }

    public String landmark() {
        return landmark;
    }

    /**
     * Files in the library's jar that may hold its version, besides the manifest's {@code
     * Implementation-Version} and {@code Bundle-Version}: {@code pom.properties} or the library's
     * own (their {@code version} key).
     */
    public List<String> versionFiles() {
        return versionFiles;
    }

    /**
     * What must exist, as {@code type}, {@code type#field}, {@code type#method(n)} (n arguments, or
     * {@code *} for any), {@code type#<init>(n)} (a constructor) or {@code type#prefix*(n)}, a
     * method whose name starts so (Kotlin's {@code internal} names end in {@code $module}).
     */
    public List<String> needs() {
        return needs;
    }

    /** Whether a class belongs to this library. */
    public boolean governs(String typeName) {
        for (String prefix : packages) {
            if (typeName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a version (its leading numbers; a qualifier is ignored) lies in the range. */
    public boolean supports(String version) {
        int[] parts = numbers(version);
        return parts.length > 0 && compare(parts, from) >= 0 && compare(parts, until) < 0;
    }

    /** The range for people: {@code 4.0 to 5.x}. */
    public String supported() {
        return range;
    }

    @Override
    public String toString() {
        return name + " [" + join(from) + ", " + join(until) + ")";
    }

    /**
     * The leading numbers of a version: {@code 5.0.0-alpha.16} is 5.0.0; none gives an empty array.
     */
    static int[] numbers(String version) {
        Matcher leading = Pattern.compile("^\\s*v?([0-9]+(\\.[0-9]+)*)").matcher(version);
        if (!leading.find()) {
            return new int[0];
        }
        return Arrays.stream(leading.group(1).split("\\.")).mapToInt(Library::parse).toArray();
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException tooLong) {
            return Integer.MAX_VALUE;
        }
    }

    /** Compares component by component, a missing one counting as 0 (4.0 equals 4.0.0). */
    static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static String join(int[] parts) {
        StringBuilder out = new StringBuilder();
        for (int part : parts) {
            out.append(out.length() == 0 ? "" : ".").append(part);
        }
        return out.toString();
    }

    /**
     * A declaration under way; {@link #build} checks it, so a wrong one fails the agent's tests.
     */
    public static final class Builder {
        private final String name;
        private final String landmark;
        private final int[] from;
        private final int[] until;
        private final String range;
        private final List<String> packages = new ArrayList<>();
        private final List<String> versionFiles = new ArrayList<>();
        private final List<String> needs = new ArrayList<>();

        private Builder(String name, String range, String landmark) {
            Matcher bounds = RANGE.matcher(range);
            if (!bounds.matches()) {
                throw new IllegalArgumentException(
                        name + ": range '" + range + "' is not of the form [4.0, 6)");
            }
            this.name = name;
            this.landmark = landmark;
            this.from = numbers(bounds.group(1));
            this.until = numbers(bounds.group(2));
            if (compare(from, until) >= 0) {
                throw new IllegalArgumentException(name + ": range '" + range + "' is empty");
            }
            // [4.0, 6) reads "4.0 to 5.x": the last version before the bound, by its first number
            // when the bound is a whole major version
            boolean wholeMajor = true;
            for (int i = 1; i < until.length; i++) {
                wholeMajor &= until[i] == 0;
            }
            this.range =
                    join(from)
                            + " to "
                            + (wholeMajor ? (until[0] - 1) + ".x" : "before " + join(until));
        }

        /** A package whose classes the declaration governs, such as {@code okhttp3}. */
        public Builder inPackage(String name) {
            packages.add(name.endsWith(".") ? name : name + ".");
            return this;
        }

        /** See {@link Library#versionFiles()}. */
        public Builder versionIn(String file) {
            versionFiles.add(file);
            return this;
        }

        /** See {@link Library#needs()}. */
        public Builder needs(String... references) {
            for (String reference : references) {
                if (!REFERENCE.matcher(reference).matches()) {
                    throw new IllegalArgumentException(
                            name
                                    + ": reference '"
                                    + reference
                                    + "' is not of the form type, type#field or type#method(n)");
                }
                needs.add(reference);
            }
            return this;
        }

        public Library build() {
            if (packages.isEmpty()) {
                packages.add(landmark.substring(0, landmark.lastIndexOf('.') + 1));
            }
            return new Library(this);
        }
    }
}
