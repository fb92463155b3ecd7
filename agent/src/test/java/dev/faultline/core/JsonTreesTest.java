// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming tree reader must read what a strict ObjectMapper reads, and refuse what it refuses.
 */
class JsonTreesTest {
    private static final ObjectMapper STRICT =
            new ObjectMapper()
                    .enable(
                            DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                            DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    @Test
    void readsTheTreeAStrictObjectMapperReads() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 3_000; i++) {
            String text = JsonText.write(JsonTextTest.value(random, 0));
            assertThat(JsonTrees.read(text)).as(text).isEqualTo(STRICT.readTree(text));
        }
        for (String text :
                new String[] {
                    "", "  \n", "12345678901234567890123", "-1.5e300", "2147483648", "[1, 2.0, -0]"
                }) {
            assertThat(JsonTrees.read(text)).as(text).isEqualTo(STRICT.readTree(text));
        }
    }

    @Test
    void refusesWhatAStrictObjectMapperRefuses() {
        for (String text :
                new String[] {
                    "{\"delay\": \"1s\", \"delay\": \"2s\"}",
                    "{\"a\": 1} {\"b\": 2}",
                    "[1, 2] 3",
                    "{\"a\": ",
                    "{\"a\" 1}",
                    "[1,]",
                    "{'a': 1}",
                    "nul",
                    "{\"a\": [1, 2}"
                }) {
            Throwable ours = catchThrowable(() -> JsonTrees.read(text));
            Throwable jackson = catchThrowable(() -> STRICT.readTree(text));
            assertThat(jackson).as(text).isInstanceOf(JsonProcessingException.class);
            assertThat(ours).as(text).isInstanceOf(JsonProcessingException.class);
            String original = ((JsonProcessingException) ours).getOriginalMessage();
            if (text.contains("\"delay\": \"2s\"")) {
                assertThat(original).startsWith("Duplicate field 'delay'");
            }
        }
    }
}
