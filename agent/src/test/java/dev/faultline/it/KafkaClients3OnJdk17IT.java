package dev.faultline.it;

class KafkaClients3OnJdk17IT extends KafkaFaultsContract {
    @Override Jdk jdk() { return Jdk.current(); }
    @Override String classpath() { return System.getProperty("faultline.it.kafka3.classpath"); }
    @Override String topicPrefix() { return "k3-jdk17"; }
}
