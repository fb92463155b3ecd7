// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

class KafkaClients4OnJdk25IT extends KafkaFaultsContract {
    @Override
    Jdk jdk() {
        return Jdk.jdk25();
    }

    @Override
    String classpath() {
        return System.getProperty("faultline.it.kafka4.classpath");
    }

    @Override
    String topicPrefix() {
        return "k4-jdk25";
    }
}
