package dev.faultline.control;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JcmdCommandsTest {

    @Test
    void splitsTheQuotedFormAtSpaces() {
        assertThat(JcmdCommands.words("\"enable jdbc.execute delay delay:500ms sql:(?i)select.*\""))
                .containsExactly("enable", "jdbc.execute", "delay", "delay:500ms", "sql:(?i)select.*");
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
