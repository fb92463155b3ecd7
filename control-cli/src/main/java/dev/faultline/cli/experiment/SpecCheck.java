package dev.faultline.cli.experiment;

import dev.faultline.cli.AgentModel;

/**
 * Checks fault specs with the agent's own parser (the jar this CLI carries, in a class loader of its
 * own), before anything is enabled: a run whose specs the agent would refuse does not start, and a
 * dry run says so. The messages are the agent's, as {@code faultline enable} shows them.
 */
public final class SpecCheck implements AutoCloseable {
    private final AgentModel agent;

    private SpecCheck(AgentModel agent) {
        this.agent = agent;
    }

    /** The agent jar: {@code -Dfaultline.agent.jar} when set (the build's tests), else the one this CLI carries. */
    static SpecCheck load() {
        return new SpecCheck(AgentModel.load());
    }

    /**
     * A check of everything but the target's own limits ({@code allow=}, {@code max-duration=}), which
     * only the target knows and checks itself: for {@code faultline enable}, which does not know them.
     */
    public static SpecCheck withoutTargetLimits() {
        return new SpecCheck(AgentModel.withoutTargetLimits());
    }

    /** The agent's objection to a spec (JSON), or {@code null} when it takes it. */
    public String problem(String specJson) {
        return agent.problem(specJson);
    }

    @Override
    public void close() {
        agent.close();
    }
}
