// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The order-event consumer's switches (experiments 2 and 5).
 *
 * @param dedupe apply an event id once; off, a redelivered event is applied again
 * @param maxPollRecords records one poll returns at most (max.poll.records)
 * @param concurrency consumer threads, each with its own KafkaConsumer in the group
 * @param group the consumer group
 */
@ConfigurationProperties("sample.consumer")
public record ConsumerProperties(
        @DefaultValue("true") boolean dedupe,
        @DefaultValue("100") int maxPollRecords,
        @DefaultValue("3") int concurrency,
        @DefaultValue("inventory") String group) {}
