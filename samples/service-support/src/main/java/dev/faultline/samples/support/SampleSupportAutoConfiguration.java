// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support;

import dev.faultline.samples.support.coordination.CoordinationClient;
import dev.faultline.samples.support.coordination.CoordinationHealthIndicator;
import dev.faultline.samples.support.coordination.CoordinationStatus;
import dev.faultline.samples.support.coordination.DiscoveryProperties;
import dev.faultline.samples.support.coordination.Registration;
import dev.faultline.samples.support.coordination.RegistrationHealthIndicator;
import dev.faultline.samples.support.coordination.ServiceDiscovery;
import dev.faultline.samples.support.health.MemoryHealthIndicator;
import dev.faultline.samples.support.http.RestClients;
import dev.faultline.samples.support.web.ErrorBodies;
import dev.faultline.samples.support.web.ErrorResponses;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * What every sample service gets by depending on service-support: its identity, JSON error bodies,
 * the HTTP client factory, the memory health component and, unless {@code
 * sample.coordination-client.enabled=false} (coordination itself), registration and discovery with
 * their health components.
 */
@AutoConfiguration(after = RestClientAutoConfiguration.class)
public class SampleSupportAutoConfiguration {

    @Bean
    ServiceIdentity serviceIdentity(Environment environment) {
        String service = environment.getRequiredProperty("spring.application.name");
        return new ServiceIdentity(service, environment.getProperty("sample.instance-id", service));
    }

    @Bean
    ErrorBodies errorBodies(ServiceIdentity identity) {
        return new ErrorBodies(identity);
    }

    @Bean
    ErrorResponses errorResponses(ErrorBodies bodies) {
        return new ErrorResponses(bodies);
    }

    @Bean
    RestClients restClients(ObjectProvider<RestClient.Builder> builder, Environment environment) {
        return new RestClients(
                builder.getIfAvailable(RestClient::builder),
                environment.getProperty(
                        "sample.http.connect-timeout", Duration.class, Duration.ofSeconds(1)));
    }

    /**
     * {@code sample.memory.health-threshold}: a fraction such as 0.90, or {@code off} (YAML's bare
     * off reads as false).
     */
    @Bean
    MemoryHealthIndicator memoryHealthIndicator(Environment environment) {
        String threshold = environment.getProperty("sample.memory.health-threshold", "off").trim();
        boolean off =
                threshold.isEmpty()
                        || threshold.equalsIgnoreCase("off")
                        || threshold.equalsIgnoreCase("false");
        return new MemoryHealthIndicator(off ? null : Double.valueOf(threshold));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(
            prefix = "sample.coordination-client",
            name = "enabled",
            matchIfMissing = true)
    @EnableConfigurationProperties(DiscoveryProperties.class)
    static class CoordinationClientConfiguration {

        @Bean
        CoordinationStatus coordinationStatus() {
            return new CoordinationStatus(Clock.systemUTC());
        }

        @Bean
        CoordinationClient coordinationClient(
                RestClients restClients, CoordinationStatus status, Environment environment) {
            String url =
                    environment.getProperty("sample.coordination-url", "http://127.0.0.1:18080");
            Duration timeout =
                    environment.getProperty(
                            "sample.coordination-client.timeout",
                            Duration.class,
                            Duration.ofSeconds(2));
            return new CoordinationClient(restClients.create(url, timeout), url, status);
        }

        @Bean
        ServiceDiscovery serviceDiscovery(
                CoordinationClient coordination, DiscoveryProperties properties) {
            return new ServiceDiscovery(coordination::instances, properties, Clock.systemUTC());
        }

        @Bean
        CoordinationHealthIndicator coordinationHealthIndicator(
                CoordinationStatus status,
                ServiceDiscovery discovery,
                DiscoveryProperties properties,
                CoordinationClient coordination) {
            return new CoordinationHealthIndicator(
                    status, discovery, properties, coordination.baseUrl());
        }

        @Bean
        Registration registration(
                CoordinationClient coordination,
                ServiceIdentity identity,
                Environment environment) {
            return new Registration(
                    coordination,
                    identity,
                    environment.getProperty("server.address", "127.0.0.1"),
                    environment.getProperty(
                            "sample.registration.heartbeat-interval",
                            Duration.class,
                            Duration.ofSeconds(3)),
                    environment.getProperty(
                            "sample.registration.max-backoff",
                            Duration.class,
                            Duration.ofSeconds(5)));
        }

        @Bean
        RegistrationHealthIndicator registrationHealthIndicator(
                Registration registration, DiscoveryProperties properties) {
            return new RegistrationHealthIndicator(registration, properties);
        }
    }
}
