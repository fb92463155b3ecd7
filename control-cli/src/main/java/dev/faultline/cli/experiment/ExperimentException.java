// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import java.util.List;

/**
 * An experiment file that cannot run: each message names the file, the field and its line. Nothing
 * was enabled.
 */
public final class ExperimentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ExperimentException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ExperimentException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
