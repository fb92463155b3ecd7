// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.coordination;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** The Platform Coordination service: the registry and the leases, in memory. */
@SpringBootApplication
@EnableScheduling
public class CoordinationApplication {
    private static final Logger log = LoggerFactory.getLogger(CoordinationApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(CoordinationApplication.class, args);
    }

    @Bean
    Registry registry(Environment environment) {
        return new Registry(
                Clock.systemUTC(),
                environment.getProperty(
                        "coordination.instance-ttl", Duration.class, Duration.ofSeconds(10)));
    }

    @Bean
    Leases leases() {
        return new Leases(Clock.systemUTC());
    }

    @Bean
    Expiry expiry(Registry registry, Leases leases) {
        return new Expiry(registry, leases);
    }

    /**
     * Removes silent instances and expired leases once a second; lookups already skip them in
     * between.
     */
    static final class Expiry {
        private final Registry registry;
        private final Leases leases;

        Expiry(Registry registry, Leases leases) {
            this.registry = registry;
            this.leases = leases;
        }

        @Scheduled(fixedDelayString = "${coordination.sweep-interval:1s}")
        void sweep() {
            List<String> expired = registry.sweep();
            if (!expired.isEmpty()) {
                log.warn("instances expired (no heartbeat): {}", expired);
            }
            leases.sweep();
        }
    }
}
