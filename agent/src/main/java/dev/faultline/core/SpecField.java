// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A spec field a point declares beside the shared ones ({@code id}, {@code point}, {@code action},
 * {@code delay}, {@code error}, {@code message}, {@code match}, {@code probability}, {@code after},
 * {@code limit}, {@code duration}, {@code seed}): its name, the actions it applies to, its form,
 * its default and a one-line description. The parser reads and checks it, {@code list()} shows it,
 * and the CLI and the JUnit library offer it, all from this declaration; a point adds a field
 * without an edit anywhere else.
 *
 * <p>A point may also declare a <em>refusal</em>: a field of another point that users give it by
 * mistake, with the message that says what it takes instead ({@code method} refuses {@code rate}: a
 * method leak takes {@code bytes}).
 *
 * @param <T> the value's type, read from a parsed spec with {@link FaultSpec#get}
 */
public final class SpecField<T> {
    private final String name;
    private final SpecForm<T> form;
    private final Set<Action> actions;
    private final String requiredProblem;
    private final T defaultValue;
    private final boolean listed;
    private final String description;
    private final String misplaced;
    private final String elsewhere;
    private final Function<Set<String>, String> refusal;
    private final boolean onCommandLine;

    private SpecField(Builder<T> b) {
        this.name = b.name;
        this.form = b.form;
        this.actions = b.actions == null ? null : Collections.unmodifiableSet(b.actions);
        this.requiredProblem = b.requiredProblem;
        this.defaultValue = b.defaultValue;
        this.listed = b.listed;
        this.description = b.description;
        this.misplaced = b.misplaced;
        this.elsewhere = b.elsewhere;
        this.refusal = b.refusal;
        this.onCommandLine = b.onCommandLine;
    }

    /** Starts the declaration of a field of this name and form. */
    public static <T> Builder<T> of(String name, SpecForm<T> form) {
        return new Builder<>(name, form);
    }

    /**
     * A field of another point that this point refuses with its own message (which should say what
     * it takes instead).
     */
    public static SpecField<Void> refusal(String name, String problem) {
        return refusal(name, given -> problem);
    }

    /**
     * A refusal whose message depends on the fields given beside it (jdbc.server refusing {@code
     * connections} says "give one of the two" when {@code max} is there too).
     */
    public static SpecField<Void> refusal(String name, Function<Set<String>, String> problem) {
        Builder<Void> b = new Builder<>(name, null);
        b.refusal = problem;
        b.description = "";
        return new SpecField<>(b);
    }

    public String name() {
        return name;
    }

    /** The form; {@code null} for a refusal. */
    public SpecForm<T> form() {
        return form;
    }

    public boolean isRefusal() {
        return refusal != null;
    }

    /** The problem a refusal reports, given the names of the spec's fields. */
    public String refusal(Set<String> given) {
        return refusal.apply(given);
    }

    /** Whether the field applies to this action ({@code null} actions: every action). */
    public boolean appliesTo(Action action) {
        return actions == null || actions.contains(action);
    }

    /** The actions the field applies to, or {@code null} for every action of its point. */
    public Set<Action> actions() {
        return actions;
    }

    /** Whether a spec of an action this field applies to must give it. */
    public boolean required() {
        return requiredProblem != null;
    }

    /** The problem when a required field is missing. */
    public String requiredProblem() {
        return requiredProblem;
    }

    /** The value when the field is not given; {@code null} when there is none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether {@code list()} shows the default when the field is not given. */
    public boolean listed() {
        return listed;
    }

    /** One line for help: what the field means. */
    public String description() {
        return description;
    }

    /**
     * The problem when the field is given with an action it does not apply to, or to a point that
     * does not declare it.
     */
    public String misplacedProblem() {
        if (misplaced != null) {
            return misplaced;
        }
        return "applies to action" + (actions.size() == 1 ? " " : "s ") + quoted(actions) + " only";
    }

    /** The problem when the field is given to a point that does not declare it. */
    public String elsewhereProblem() {
        return elsewhere != null ? elsewhere : misplacedProblem();
    }

    /** {@code 'leak'}, {@code 'leak' and 'fill'}. */
    private static String quoted(Set<Action> actions) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        for (Action action : actions) {
            if (i > 0) text.append(i == actions.size() - 1 ? " and " : ", ");
            text.append('\'').append(action.specName()).append('\'');
            i++;
        }
        return text.toString();
    }

    /**
     * The {@code faultline enable} option that gives the field, or {@code null} when only a spec
     * file gives it: {@code --} and the name in kebab case ({@code sqlState}: {@code --sql-state});
     * a field of name: value pairs is given one pair per option, named in the singular ({@code
     * headers}: {@code --header Retry-After=30}).
     */
    public String option() {
        if (!onCommandLine) {
            return null;
        }
        String base =
                form.kind() == SpecForm.Kind.PAIRS && name.endsWith("s")
                        ? name.substring(0, name.length() - 1)
                        : name;
        StringBuilder option = new StringBuilder("--");
        for (char c : base.toCharArray()) {
            if (Character.isUpperCase(c)) {
                option.append('-').append(Character.toLowerCase(c));
            } else {
                option.append(c);
            }
        }
        return option.toString();
    }

    /**
     * What help shows: name, form, actions and default, such as {@code copies (duplicate): a whole
     * number from 2 to 1000, default 2 - how many times the work is done}.
     */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        if (actions != null) {
            java.util.List<String> names = new java.util.ArrayList<>();
            actions.forEach(a -> names.add(a.specName()));
            out.put("actions", names);
        }
        out.put("form", form.expected());
        out.put("kind", form.kind().name().toLowerCase(java.util.Locale.ROOT));
        out.put("required", required());
        if (defaultValue != null) out.put("default", form.render(defaultValue));
        out.put("description", description);
        if (option() != null) out.put("option", option());
        return out;
    }

    @Override
    public String toString() {
        return name;
    }

    /** A field declaration under way. */
    public static final class Builder<T> {
        private final String name;
        private final SpecForm<T> form;
        private Set<Action> actions;
        private String requiredProblem;
        private T defaultValue;
        private boolean listed;
        private String description;
        private String misplaced;
        private String elsewhere;
        private Function<Set<String>, String> refusal;
        private boolean onCommandLine;

        private Builder(String name, SpecForm<T> form) {
            this.name = name;
            this.form = form;
        }

        /** The actions the field applies to; every action of the point when not called. */
        public Builder<T> actions(Action first, Action... more) {
            this.actions = EnumSet.of(first, more);
            return this;
        }

        /**
         * Required for the actions it applies to; missing, it is reported as {@code required for
         * action 'x'; expected <form>}.
         */
        public Builder<T> required() {
            this.requiredProblem = "";
            return this;
        }

        /** Required, reported with this problem when missing. */
        public Builder<T> required(String problem) {
            this.requiredProblem = problem;
            return this;
        }

        /** The value when not given. */
        public Builder<T> byDefault(T value) {
            this.defaultValue = value;
            return this;
        }

        /** {@code list()} shows the default when the field is not given. */
        public Builder<T> listed() {
            this.listed = true;
            return this;
        }

        /** The problem when given with another action or to another point. */
        public Builder<T> misplaced(String problem) {
            this.misplaced = problem;
            return this;
        }

        /** The problem when given to another point (the misplaced problem when not set). */
        public Builder<T> elsewhere(String problem) {
            this.elsewhere = problem;
            return this;
        }

        /**
         * {@code faultline enable} offers an option for the field (see {@link SpecField#option});
         * fields without one are given in a spec file ({@code -f}).
         */
        public Builder<T> onCommandLine() {
            this.onCommandLine = true;
            return this;
        }

        /** Declares the field with its one-line description. */
        public SpecField<T> describedAs(String description) {
            this.description = description;
            if (requiredProblem != null && requiredProblem.isEmpty()) {
                if (actions == null) {
                    throw new IllegalStateException(name + ": required for which actions?");
                }
                requiredProblem =
                        "required for action"
                                + (actions.size() == 1 ? " " : "s ")
                                + quoted(actions)
                                + "; expected "
                                + form.expected();
            }
            return new SpecField<>(this);
        }
    }
}
