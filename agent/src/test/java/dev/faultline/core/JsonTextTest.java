// SPDX-License-Identifier: Apache-2.0
package dev.faultline.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The agent's JSON must be what Jackson writes for the same maps, lists and values. */
class JsonTextTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesWhatJacksonWritesForRandomDocuments() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            Object document = value(random, 0);
            String ours = JsonText.write(document);
            assertThat(ours).as("%s", document).isEqualTo(JACKSON.writeValueAsString(document));
            // and it reads back as the same tree
            assertThat(JACKSON.readTree(ours)).isEqualTo(JACKSON.valueToTree(document));
        }
    }

    @Test
    void writesTheAgentsOwnShapesAsJacksonDoes() throws Exception {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("id", "slow \"orders\"\n\t\\ é 😀 \u0001\u001f\u007f");
        fault.put("probability", 0.25);
        fault.put("after", 0L);
        fault.put("limit", Long.MAX_VALUE);
        fault.put("instrumented", true);
        fault.put("match", Map.of("sql", "(?i)from orders"));
        fault.put("unsupported", Arrays.asList("OkHttp 3.14.9 not supported", null));
        fault.put("nan", Double.NaN);
        fault.put("infinite", Float.NEGATIVE_INFINITY);
        fault.put("tiny", 1.0E-9);
        fault.put("array", new int[] {1, 2});
        fault.put("kind", Action.DELAY);
        assertThat(JsonText.write(List.of(fault)))
                .isEqualTo(JACKSON.writeValueAsString(List.of(fault)));
    }

    static Object value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 7 : 9);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextLong();
            case 3:
                return random.nextInt();
            case 4:
                return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 5:
            case 6:
                return text(random);
            case 7:
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    map.put(text(random), value(random, depth + 1));
                }
                return map;
            default:
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    list.add(value(random, depth + 1));
                }
                return list;
        }
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            switch (random.nextInt(4)) {
                case 0:
                    text.append((char) random.nextInt(0x80)); // ASCII, control characters too
                    break;
                case 1:
                    text.append((char) (0xA0 + random.nextInt(0x2000)));
                    break;
                case 2:
                    text.appendCodePoint(0x1F600 + random.nextInt(0x40)); // outside the BMP
                    break;
                default:
                    String escaped = "\"\\/\b\f\n\r\t";
                    text.append(escaped.charAt(random.nextInt(escaped.length())));
            }
        }
        return text.toString();
    }
}
