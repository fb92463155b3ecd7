// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class LeasesTest {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final Leases leases = new Leases(clock);

    private void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Test
    void aHeldLeaseIsRefusedToOthersAndToItsHolderUntilItExpires() {
        Leases.Grant first =
                leases.acquire("stock", "inventory-1", Duration.ofSeconds(2)).orElseThrow();

        assertThat(leases.acquire("stock", "inventory-2", Duration.ofSeconds(2))).isEmpty();
        assertThat(leases.acquire("stock", "inventory-1", Duration.ofSeconds(2))).isEmpty();

        advance(Duration.ofSeconds(2));
        Leases.Grant second =
                leases.acquire("stock", "inventory-2", Duration.ofSeconds(2)).orElseThrow();
        assertThat(second.holder()).isEqualTo("inventory-2");
        assertThat(second.token()).isGreaterThan(first.token());
    }

    @Test
    void tokensIncreaseWithEveryGrantAcrossNamesAndAreNeverBelowTheClockAtStart() {
        long start = clock.millis();
        long previous = 0;
        for (int i = 0; i < 5; i++) {
            long token =
                    leases.acquire("lease-" + i, "holder", Duration.ofSeconds(1))
                            .orElseThrow()
                            .token();
            assertThat(token).isGreaterThan(previous).isGreaterThanOrEqualTo(start);
            previous = token;
        }
        // A coordination restarted a moment later (its clock has moved on) still gives higher
        // tokens.
        advance(Duration.ofMillis(1));
        long afterRestart =
                new Leases(clock)
                        .acquire("lease-0", "holder", Duration.ofSeconds(1))
                        .orElseThrow()
                        .token();
        assertThat(afterRestart).isGreaterThanOrEqualTo(clock.millis());
    }

    @Test
    void renewalKeepsTheTokenAndExtendsOnlyForTheCurrentHolder() {
        Leases.Grant grant =
                leases.acquire("stock", "inventory-1", Duration.ofSeconds(2)).orElseThrow();
        advance(Duration.ofSeconds(1));

        Leases.Grant renewed =
                leases.renew("stock", "inventory-1", grant.token(), null).orElseThrow();
        assertThat(renewed.token()).isEqualTo(grant.token());
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plusSeconds(2));
        assertThat(leases.renew("stock", "inventory-2", grant.token(), null)).isEmpty();
        assertThat(leases.renew("stock", "inventory-1", grant.token() - 1, null)).isEmpty();

        advance(Duration.ofSeconds(2));
        assertThat(leases.renew("stock", "inventory-1", grant.token(), null))
                .as("expired: lost")
                .isEmpty();
    }

    @Test
    void releaseFreesTheLeaseOnlyForItsHolderAndToken() {
        Leases.Grant grant =
                leases.acquire("stock", "inventory-1", Duration.ofSeconds(2)).orElseThrow();

        assertThat(leases.release("stock", "inventory-2", grant.token())).isFalse();
        assertThat(leases.current("stock")).isPresent();
        assertThat(leases.release("stock", "inventory-1", grant.token())).isTrue();
        assertThat(leases.current("stock")).isEmpty();
        assertThat(leases.acquire("stock", "inventory-2", Duration.ofSeconds(2))).isPresent();
    }

    @Test
    void sweepForgetsOnlyExpiredGrants() {
        leases.acquire("short", "a", Duration.ofSeconds(1));
        leases.acquire("long", "b", Duration.ofSeconds(5));
        advance(Duration.ofSeconds(1));

        assertThat(leases.sweep()).isEqualTo(1);
        assertThat(leases.current("short")).isEmpty();
        assertThat(leases.current("long")).isPresent();
    }
}
