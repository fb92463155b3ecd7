// SPDX-License-Identifier: Apache-2.0
package dev.faultline.cli.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedReadsTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final SharedReads<String> shared = new SharedReads<>(clock::get);
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void probesDueTogetherShareARead() throws Exception {
        assertThat((int) shared.read("/health", "status", reads::incrementAndGet)).isEqualTo(1);
        clock.addAndGet(30_000_000);
        assertThat((int) shared.read("/health", "latency", reads::incrementAndGet)).isEqualTo(1);
        assertThat((int) shared.read("/other", "other", reads::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void aReadStartedBeforeTheWindowIsNotShared() throws Exception {
        shared.read("/health", "status", reads::incrementAndGet);
        clock.addAndGet(SharedReads.WINDOW_NANOS);
        assertThat((int) shared.read("/health", "latency", reads::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void aProbeSampledAgainReadsAgain() throws Exception {
        shared.read("/health", "status", reads::incrementAndGet);
        assertThat((int) shared.read("/health", "status", reads::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void aSharedFailureIsEachProbesFailure() {
        Exception first = null;
        Exception second = null;
        try {
            shared.read(
                    "/health",
                    "status",
                    () -> {
                        reads.incrementAndGet();
                        throw new java.net.ConnectException("refused");
                    });
        } catch (Exception e) {
            first = e;
        }
        try {
            shared.read("/health", "latency", reads::incrementAndGet);
        } catch (Exception e) {
            second = e;
        }
        assertThat(first).isInstanceOf(java.net.ConnectException.class);
        assertThat(second).isSameAs(first);
        assertThat(reads).hasValue(1);
    }
}
