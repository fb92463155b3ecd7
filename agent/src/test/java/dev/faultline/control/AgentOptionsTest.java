// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.SpecException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void parsesOptionsWithCommaSeparatedAllowList() {
        AgentOptions options =
                AgentOptions.parse(
                        null,
                        "config=/etc/faults.yaml,allow=jdbc.execute,jdbc.commit,max-duration=30m,log=off");
        assertThat(options.config()).isEqualTo("/etc/faults.yaml");
        assertThat(options.log()).isEqualTo("off");
        assertThat(options.policy().allowedPoints()).containsExactly("jdbc.execute", "jdbc.commit");
        assertThat(options.policy().maxDuration()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void agentArgumentOverridesEnvironment() {
        AgentOptions options = AgentOptions.parse("max-duration=2h,log=off", "max-duration=10m");
        assertThat(options.policy().maxDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.log()).isEqualTo("off");
    }

    @Test
    void rejectsUnknownOptionsAndPoints() {
        assertThatThrownBy(() -> AgentOptions.parse(null, "confg=x"))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("agent options: unknown option 'confg'");
        assertThatThrownBy(() -> AgentOptions.parse(null, "max-duration=forever"))
                .hasMessageStartingWith("field 'max-duration': 'forever' is not a duration");
        AgentOptions options = AgentOptions.parse(null, "allow=jdbc.exec");
        assertThatThrownBy(() -> options.checkAllowedPoints(Arrays.asList("jdbc.execute")))
                .hasMessage(
                        "field 'allow': unknown point(s) jdbc.exec; expected points among jdbc.execute");
    }

    @Test
    void tellsOptionsFromCommands() {
        assertThat(AgentOptions.looksLikeOptions("config=/x.yaml")).isTrue();
        assertThat(AgentOptions.looksLikeOptions(null)).isTrue();
        assertThat(AgentOptions.looksLikeOptions("enable,jdbc.execute,delay,delay:1s")).isFalse();
        assertThat(AgentOptions.looksLikeOptions("\"enable jdbc.execute error\"")).isFalse();
    }
}
