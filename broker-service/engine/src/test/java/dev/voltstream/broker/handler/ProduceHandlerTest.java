package dev.voltstream.broker.handler;

import static dev.voltstream.broker.handler.PartitionHandlerFixture.context;
import static dev.voltstream.broker.handler.PartitionHandlerFixture.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.network.CloseConnectionException;
import dev.voltstream.broker.replica.Partition;

/** Produce against partitions over temp-dir logs, no network: offsets, acks, errors (in the way Tansu tests its). */
class ProduceHandlerTest {
    private static final short VERSION = 9;
    private static final int FOLLOWER = 2;

    @TempDir
    Path dir;
    PartitionHandlerFixture fixture;
    ProduceHandler handler;

    @BeforeEach
    void open() throws Exception {
        fixture = new PartitionHandlerFixture(dir);
        fixture.createTopic("orders", 2);
        handler = new ProduceHandler(fixture.topics, fixture.replicas, 1);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void batchesAreAppendedAndAnsweredWithTheirBaseOffsets() {
        assertThat(produce(handler, (short) 1, "orders", 0, records("a", "b")).baseOffset()).isZero();
        PartitionProduceResponse second = produce(handler, (short) 1, "orders", 0, records("c"));
        assertThat(Errors.forCode(second.errorCode())).isEqualTo(Errors.NONE);
        assertThat(second.baseOffset()).isEqualTo(2);
        assertThat(fixture.partition("orders", 0).logEndOffset()).isEqualTo(3);
        assertThat(fixture.partition("orders", 1).logEndOffset()).isZero();
    }

    @Test
    void anUnknownTopicOrPartitionIsAnsweredWithItsError() {
        assertThat(Errors.forCode(produce(handler, (short) 1, "nope", 0, records("a")).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(Errors.forCode(produce(handler, (short) 1, "orders", 7, records("a")).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void acksOtherThanZeroOneOrAllAreRefused() {
        assertThat(Errors.forCode(produce(handler, (short) 2, "orders", 0, records("a")).errorCode()))
                .isEqualTo(Errors.INVALID_REQUIRED_ACKS);
        assertThat(fixture.partition("orders", 0).logEndOffset()).isZero();
    }

    @Test
    void aFollowerAnswersNotLeader() {
        fixture.partition("orders", 0).makeFollower(FOLLOWER, 1, List.of(1, FOLLOWER), List.of(1, FOLLOWER));
        assertThat(Errors.forCode(produce(handler, (short) 1, "orders", 0, records("a")).errorCode()))
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void acksAllIsAnsweredOnlyOnceTheInSyncFollowerHasTheRecords() throws Exception {
        Partition leader = fixture.partition("orders", 0);
        leader.makeLeader(1, List.of(1, FOLLOWER), List.of(1, FOLLOWER), fixture.clock.milliseconds());
        CompletableFuture<ProduceResponseData> answer = handler.handle(context(ApiKeys.PRODUCE, VERSION),
                request((short) -1, "orders", 0, records("a", "b"))).toCompletableFuture();
        assertThat(answer).isNotDone();

        leader.readForReplica(FOLLOWER, 2, 1024, fixture.clock.milliseconds());
        PartitionProduceResponse result = answer.get().responses().iterator().next().partitionResponses().get(0);
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
        assertThat(result.baseOffset()).isZero();
    }

    @Test
    void acksAllIsRefusedUpFrontWhenTheIsrIsBelowMinInsyncReplicas() {
        ProduceHandler strict = new ProduceHandler(fixture.topics, fixture.replicas, 2);
        PartitionProduceResponse result = produce(strict, (short) -1, "orders", 0, records("a"));
        assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
        assertThat(fixture.partition("orders", 0).logEndOffset()).as("nothing written").isZero();
        assertThat(Errors.forCode(produce(strict, (short) 1, "orders", 0, records("a")).errorCode()))
                .as("acks=1 does not care").isEqualTo(Errors.NONE);
    }

    @Test
    void aFailedAcksZeroProduceClosesTheConnection() {
        assertThatThrownBy(() -> handler.handle(context(ApiKeys.PRODUCE, VERSION),
                request((short) 0, "nope", 0, records("a")))).isInstanceOf(CloseConnectionException.class);
    }

    @Test
    void aSuccessfulAcksZeroProduceHasNoAnswer() throws Exception {
        assertThat(handler.handle(context(ApiKeys.PRODUCE, VERSION), request((short) 0, "orders", 1, records("a")))
                .toCompletableFuture().get()).isNull();
        assertThat(fixture.partition("orders", 1).logEndOffset()).isEqualTo(1);
    }

    private static PartitionProduceResponse produce(ProduceHandler handler, short acks, String topic, int partition,
                                                    MemoryRecords records) {
        ProduceResponseData response = handler.handle(context(ApiKeys.PRODUCE, VERSION),
                request(acks, topic, partition, records)).toCompletableFuture().join();
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    private static ProduceRequestData request(short acks, String topic, int partition, MemoryRecords records) {
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000);
        TopicProduceData data = new TopicProduceData().setName(topic);
        data.partitionData().add(new PartitionProduceData().setIndex(partition).setRecords(records));
        request.topicData().add(data);
        return request;
    }
}
