// SPDX-License-Identifier: Apache-2.0
package dev.faultline.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JcmdCommandsTest {

    @Test
    void splitsTheQuotedFormAtSpaces() {
        assertThat(JcmdCommands.words("\"enable jdbc.execute delay delay:500ms sql:(?i)select.*\""))
                .containsExactly(
                        "enable", "jdbc.execute", "delay", "delay:500ms", "sql:(?i)select.*");
    }

    @Test
    void splitsTheCompactFormAtCommas() {
        assertThat(JcmdCommands.words("enable,jdbc.execute,delay,delay:500ms"))
                .containsExactly("enable", "jdbc.execute", "delay", "delay:500ms");
    }

    @Test
    void singleWordCommands() {
        assertThat(JcmdCommands.words("disable-all")).containsExactly("disable-all");
        assertThat(JcmdCommands.words("  ")).isEmpty();
    }
}
