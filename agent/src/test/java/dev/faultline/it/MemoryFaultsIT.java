// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

/**
 * {@code memory} leak and fill in a child JVM with a 256 MB heap, measured from the application's
 * side.
 */
class MemoryFaultsIT extends AgentApplicationTest {

    @Test
    void leakGrowsAtItsRateStopsAtTheCapAndIsReleased() throws Exception {
        long baseline = usedMb();
        jmx.enable(
                "{\"id\": \"leak\", \"point\": \"memory\", \"action\": \"leak\", \"rate\": \"40MB/s\", \"cap\": \"80MB\"}");
        Thread.sleep(1000);
        assertThat(usedMb() - baseline).isBetween(20L, 70L);
        Thread.sleep(2500);
        assertThat(usedMb() - baseline).isBetween(70L, 95L);
        assertThat(jmx.list())
                .contains("\"retained\":\"80MB\"")
                .contains("\"stopped\":\"cap reached\"");
        jmx.disable("leak");
        Thread.sleep(300);
        assertThat(usedMb() - baseline).isLessThan(10L);
    }

    @Test
    void fillRetainsUpToAFractionOfTheHeapAndIsReleased() throws Exception {
        long baseline = usedMb();
        jmx.enable(
                "{\"id\": \"fill\", \"point\": \"memory\", \"action\": \"fill\", \"heap\": 0.6}");
        Thread.sleep(1000);
        long max = 256;
        assertThat(usedMb()).isBetween((long) (0.5 * max), (long) (0.7 * max));
        jmx.disable("fill");
        Thread.sleep(300);
        assertThat(usedMb() - baseline).isLessThan(10L);
    }

    @Test
    void theAgentStopsShortOfRunningTheHeapOut() throws Exception {
        jmx.enable(
                "{\"id\": \"greedy\", \"point\": \"memory\", \"action\": \"leak\", \"rate\": \"500MB/s\", \"cap\": \"1GB\"}");
        Thread.sleep(1500);
        assertThat(jmx.list())
                .contains("\"stopped\":\"the heap is nearly full (oom: true lets it go on)\"");
        assertThat(app.send("pid").ok).isTrue(); // the application still runs and answers
        jmx.disableAll();
    }

    @Test
    void badMemorySpecsSayWhy() {
        assertThatThrownBy(() -> jmx.enable("{\"point\": \"memory\", \"action\": \"leak\"}"))
                .isInstanceOf(RuntimeMBeanException.class)
                .extracting(e -> ((RuntimeMBeanException) e).getTargetException().getMessage())
                .isEqualTo(
                        "field 'rate': required for action 'leak'; expected a size per second such as 10MB/s");
        assertThatThrownBy(
                        () ->
                                jmx.enable(
                                        "{\"point\": \"memory\", \"action\": \"fill\", \"heap\": 1.5}"))
                .extracting(e -> ((RuntimeMBeanException) e).getTargetException().getMessage())
                .isEqualTo(
                        "field 'heap': 1.5 is out of range; expected a fraction between 0 and 1 such as 0.9");
        assertThatThrownBy(
                        () ->
                                jmx.enable(
                                        "{\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"10MB\"}"))
                .extracting(e -> ((RuntimeMBeanException) e).getTargetException().getMessage())
                .isEqualTo("field 'rate': '10MB' is not a size per second such as 10MB/s");
        assertThatThrownBy(
                        () ->
                                jmx.enable(
                                        "{\"point\": \"memory\", \"action\": \"leak\", \"rate\": \"1MB/s\", \"probability\": 0.5}"))
                .extracting(e -> ((RuntimeMBeanException) e).getTargetException().getMessage())
                .isEqualTo(
                        "field 'probability': does not apply to memory: it acts on the heap, not on calls");
    }
}
