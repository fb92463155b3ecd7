// SPDX-License-Identifier: Apache-2.0
package dev.faultline.junit;

import dev.faultline.cli.AgentJar;
import dev.faultline.cli.AgentModel;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The agent's point declarations and spec parser, loaded once per JVM from the agent jar this
 * library carries: the builders offer what the agent declares, and a spec the agent would refuse is
 * refused before it reaches any JVM, with the agent's own message.
 */
final class Declarations {
    private static volatile AgentModel model;

    private Declarations() {}

    /**
     * {@code -Dfaultline.agent.jar} when set, else the agent jar this library carries (written out
     * once per version).
     */
    static Path agentJar() {
        String configured = System.getProperty("faultline.agent.jar");
        return configured != null ? Paths.get(configured).toAbsolutePath() : AgentJar.path();
    }

    static AgentModel model() {
        AgentModel loaded = model;
        if (loaded == null) {
            synchronized (Declarations.class) {
                loaded = model;
                if (loaded == null) {
                    model = loaded = AgentModel.load(agentJar());
                }
            }
        }
        return loaded;
    }

    static AgentModel.Point point(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "field 'point': required; expected one of "
                            + String.join(", ", model().points().keySet()));
        }
        AgentModel.Point point = model().points().get(name);
        if (point == null) {
            throw new IllegalArgumentException(
                    "field 'point': unknown point '"
                            + name
                            + "'; expected one of "
                            + String.join(", ", model().points().keySet()));
        }
        return point;
    }
}
