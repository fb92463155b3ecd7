// SPDX-License-Identifier: Apache-2.0
package dev.faultline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Kafka points against a real KRaft broker, observed from the application (its Future and
 * Callback) and from the broker (what the topic holds). The application runs without the agent and
 * is already sending when the agent is loaded with jcmd, so its loaded Kafka classes are
 * retransformed. Run per kafka-clients line and JDK by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaFaultsContract {
    /** The producer's delivery.timeout.ms: short, so that a hang expires within the test. */
    private static final int DELIVERY_TIMEOUT_MS = 3000;

    private ChildJvm app;
    private Jmx jmx;
    private String orders;
    private String payments;

    abstract Jdk jdk();

    /** The class path of the test application, with the kafka-clients line under test. */
    abstract String classpath();

    /** A prefix for this run's topics, so that the subclasses sharing the broker do not meet. */
    abstract String topicPrefix();

    @BeforeAll
    void startSendingApplicationThenAttach() throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        orders = topicPrefix() + "-orders";
        payments = topicPrefix() + "-payments";
        app =
                ChildJvm.start(
                        jdk(),
                        classpath(),
                        "dev.faultline.it.app.KafkaWorkload",
                        Collections.emptyMap());
        expectOk("producer p " + bootstrap + " " + DELIVERY_TIMEOUT_MS);
        expectOk("send p " + orders + " before-attach");
        expectOk("send p " + payments + " before-attach");
        expectOk("consumer c " + bootstrap + " " + orders + " " + topicPrefix() + "-group");

        Jcmd jcmd = new Jcmd(jdk(), app.pid());
        jcmd.agentLoad("status");
        assertThat(jcmd.property("faultline.last")).startsWith("ok 0 active");
        jmx = Jmx.connect(app.pid());
    }

    @AfterEach
    void disableAll() throws Exception {
        jmx.disableAll();
    }

    @AfterAll
    void stop() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void delayHoldsTheSendThenDeliversTheRecord() throws Exception {
        jmx.enable(
                "{\"point\": \"kafka.send\", \"action\": \"delay\", \"delay\": \"600ms\", \"match\": {\"topic\": \"orders$\"}}");
        Reply delayed = expectOk("send p " + orders + " delayed-1");
        assertThat(delayed.millis).isBetween(600L, 5000L);
        assertThat(expectOk("send p " + payments + " not-delayed-1").millis).isLessThan(600L);
        assertThat(KafkaBroker.count(orders, "delayed-1")).isEqualTo(1);
    }

    @Test
    void errorFailsTheFutureAndTheCallbackOnAProducerThreadAndWritesNothing() throws Exception {
        jmx.enable("{\"id\": \"broker-down\", \"point\": \"kafka.send\", \"action\": \"error\"}");
        Reply reply = app.send("send p " + orders + " failed-1");
        assertThat(reply.ok).isFalse();
        assertThat(reply.detail)
                .isEqualTo(
                        "future=org.apache.kafka.common.errors.TimeoutException:Expiring 1 record(s) for "
                                + orders
                                + "-0:"
                                + DELIVERY_TIMEOUT_MS
                                + " ms has passed since batch creation"
                                + " callback=kafka-producer-network-thread | faultline:org.apache.kafka.common.errors.TimeoutException");
        assertThat(KafkaBroker.count(orders, "failed-1")).isZero();
        assertThat(jmx.list()).contains("\"matched\":1,\"injected\":1");
    }

    @Test
    void errorMayNameAnyKafkaException() throws Exception {
        jmx.enable(
                "{\"point\": \"kafka.send\", \"action\": \"error\", \"error\": \"NotLeaderOrFollowerException\","
                        + " \"message\": \"This server is not the leader for that topic-partition.\"}");
        assertThat(app.send("send p " + orders + " failed-2").detail)
                .startsWith(
                        "future=org.apache.kafka.common.errors.NotLeaderOrFollowerException:This server is not the leader for that topic-partition.");
    }

    @Test
    void hangFailsAtTheProducersDeliveryTimeout() throws Exception {
        jmx.enable(
                "{\"point\": \"kafka.send\", \"action\": \"hang\", \"match\": {\"topic\": \"orders$\"}}");
        Reply reply = app.send("send p " + orders + " partitioned-1");
        assertThat(reply.ok).isFalse();
        assertThat(reply.millis).isBetween((long) DELIVERY_TIMEOUT_MS, DELIVERY_TIMEOUT_MS + 3000L);
        assertThat(reply.detail)
                .startsWith(
                        "future=org.apache.kafka.common.errors.TimeoutException:Expiring 1 record(s)");
        assertThat(KafkaBroker.count(orders, "partitioned-1")).isZero();
    }

    @Test
    void hangThatEndsEarlyDeliversTheHeldRecords() throws Exception {
        jmx.enable("{\"id\": \"partition\", \"point\": \"kafka.send\", \"action\": \"hang\"}");
        expectOk("sendasync p " + orders + " healed-1");
        expectOk("sendasync p " + orders + " healed-2");
        CompletableFuture<Reply> awaited =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return app.send("await p");
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        Thread.sleep(500);
        assertThat(awaited).isNotDone();
        assertThat(jmx.disable("partition")).isTrue();
        assertThat(awaited.get(30, TimeUnit.SECONDS).detail).isEqualTo("delivered=2 failed=0");
        assertThat(KafkaBroker.count(orders, "healed-1")).isEqualTo(1);
        assertThat(KafkaBroker.count(orders, "healed-2")).isEqualTo(1);
    }

    @Test
    void dropReportsSuccessButTheBrokerNeverGetsTheRecord() throws Exception {
        jmx.enable("{\"point\": \"kafka.send\", \"action\": \"drop\"}");
        Reply reply = expectOk("send p " + orders + " dropped-1");
        assertThat(reply.detail)
                .isEqualTo(
                        "future=offset:-1 callback=kafka-producer-network-thread | faultline:offset:-1");
        assertThat(KafkaBroker.count(orders, "dropped-1")).isZero();
    }

    @Test
    void duplicateWritesExactlyThatManyCopies() throws Exception {
        jmx.enable("{\"point\": \"kafka.send\", \"action\": \"duplicate\", \"copies\": 3}");
        expectOk("send p " + orders + " duplicated-1");
        jmx.disableAll();
        assertThat(KafkaBroker.count(orders, "duplicated-1")).isEqualTo(3);
    }

    @Test
    void pollDelayMakesAConsumerSlow() throws Exception {
        expectOk("poll c 2000");
        jmx.enable(
                "{\"point\": \"kafka.poll\", \"action\": \"delay\", \"delay\": \"700ms\", \"match\": {\"topic\": \"orders\"}}");
        assertThat(expectOk("poll c 100").millis).isBetween(700L, 5000L);
    }

    @Test
    void pollDelayMakesLagGrow() throws Exception {
        String events = topicPrefix() + "-events";
        for (int i = 0; i < 10; i++) {
            expectOk("send p " + events + " event-" + i);
        }
        expectOk(
                "consumer slow "
                        + KafkaBroker.bootstrap()
                        + " "
                        + events
                        + " "
                        + topicPrefix()
                        + "-slow-group");
        int first =
                records(expectOk("poll slow 5000")); // joins the group, and reads a first record
        // unless joining took longer
        jmx.enable(
                "{\"point\": \"kafka.poll\", \"action\": \"delay\", \"delay\": \"700ms\", \"match\": {\"topic\": \"events\"}}");
        int whileSlow = records(expectOk("drain slow 2000"));
        assertThat(whileSlow).isBetween(0, 3);
        jmx.disableAll();
        int afterwards = records(expectOk("drain slow 3000"));
        assertThat(first + whileSlow + afterwards)
                .isEqualTo(10); // the lag built up while slow is then caught up
    }

    private static int records(Reply reply) {
        return Integer.parseInt(reply.detail.replace("records=", ""));
    }

    @Test
    void pollErrorIsTheConsumersOwnTimeout() throws Exception {
        jmx.enable("{\"point\": \"kafka.poll\", \"action\": \"error\"}");
        Reply reply = app.send("poll c 100");
        assertThat(reply.ok).isFalse();
        assertThat(reply.detail)
                .isEqualTo(
                        "org.apache.kafka.common.errors.TimeoutException:Timeout of 60000ms expired before"
                                + " the position for partition "
                                + orders
                                + "-0 could be determined");
    }

    @Test
    void listSaysThePointsAreInstrumented() throws Exception {
        jmx.enable(
                "[{\"point\": \"kafka.send\", \"action\": \"drop\", \"match\": {\"topic\": \"nothing-here\"}},"
                        + " {\"point\": \"jdbc.execute\", \"action\": \"error\"}]");
        String list = jmx.list();
        assertThat(list).contains("\"point\":\"kafka.send\"").contains("\"instrumented\":true");
        assertThat(list).contains("\"instrumented\":false"); // this application has no JDBC driver
    }

    private Reply expectOk(String command) throws Exception {
        Reply reply = app.send(command);
        assertThat(reply.ok).as("%s -> %s\n%s", command, reply, app.output()).isTrue();
        return reply;
    }
}
