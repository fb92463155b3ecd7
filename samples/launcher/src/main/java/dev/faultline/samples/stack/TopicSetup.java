// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.stack;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates a topic on the stack's broker. Runs in a child JVM on the broker's class path, so the
 * launcher itself carries no Kafka client.
 */
public final class TopicSetup {
    private TopicSetup() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int partitions = Integer.parseInt(args[2]);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        System.out.println("created topic " + topic + " with " + partitions + " partitions");
    }
}
