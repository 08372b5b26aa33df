package dev.voltstream.broker.handler;

import static dev.voltstream.broker.handler.PartitionHandlerFixture.context;
import static dev.voltstream.broker.handler.PartitionHandlerFixture.records;
import static dev.voltstream.broker.handler.PartitionHandlerFixture.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.replica.Partition;

/**
 * Fetch against partitions over temp-dir logs, no network: committed records only, long polls woken by appends or by
 * max.wait.ms on a {@link dev.voltstream.broker.testkit.ManualClock}, and the errors a consumer must see.
 */
class FetchHandlerTest {
    private static final short BY_NAME = 12;
    private static final short BY_ID = 13;
    private static final int FOLLOWER = 2;

    @TempDir
    Path dir;
    PartitionHandlerFixture fixture;
    FetchHandler handler;
    TopicMetadata orders;

    @BeforeEach
    void open() throws Exception {
        fixture = new PartitionHandlerFixture(dir);
        orders = fixture.createTopic("orders", 1);
        handler = new FetchHandler(fixture.topics, fixture.replicas, Runnable::run, 55 * 1024 * 1024,
                10 * 1024 * 1024);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aFetchReturnsTheRecordsFromItsOffsetWithTheHighWatermark() throws Exception {
        fixture.partition("orders", 0).appendAsLeader(records("a", "b", "c"));
        PartitionData data = answer(fetch(BY_NAME, 1, 0, 1)).get();
        assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
        assertThat(data.highWatermark()).isEqualTo(3);
        assertThat(values(data.records())).containsExactly("a", "b", "c");
    }

    @Test
    void topicIdsAreUsedFromVersionThirteen() throws Exception {
        fixture.partition("orders", 0).appendAsLeader(records("a"));
        PartitionData data = answer(fetch(BY_ID, 1, 0, 0), BY_ID).get();
        assertThat(values(data.records())).containsExactly("a");

        FetchRequestData unknown = fetch(BY_ID, 1, 0, 0);
        unknown.topics().get(0).setTopicId(Uuid.randomUuid());
        assertThat(Errors.forCode(answer(unknown, BY_ID).get().errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
    }

    @Test
    void consumersDoNotSeeRecordsAboveTheHighWatermark() throws Exception {
        Partition leader = fixture.partition("orders", 0);
        leader.makeLeader(1, List.of(1, FOLLOWER), List.of(1, FOLLOWER), fixture.clock.milliseconds());
        leader.appendAsLeader(records("a"));
        leader.appendAsLeader(records("b"));
        leader.readForReplica(FOLLOWER, 1, 1024, fixture.clock.milliseconds());

        PartitionData data = answer(fetch(BY_NAME, 1, 0, 0)).get();
        assertThat(data.highWatermark()).isEqualTo(1);
        assertThat(values(data.records())).containsExactly("a");
    }

    @Test
    void aLongPollWakesWhenEnoughBytesAreAppended() throws Exception {
        CompletableFuture<PartitionData> poll = answer(fetch(BY_NAME, 1, 0, 10_000));
        assertThat(poll).isNotDone();
        fixture.partition("orders", 0).appendAsLeader(records("late"));
        assertThat(values(poll.get().records())).containsExactly("late");
    }

    @Test
    void aLongPollAnswersEmptyWhenMaxWaitIsUp() throws Exception {
        CompletableFuture<PartitionData> poll = answer(fetch(BY_NAME, 1, 0, 500));
        fixture.clock.advance(499);
        assertThat(poll).isNotDone();
        fixture.clock.advance(1);
        PartitionData data = poll.get();
        assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
        assertThat(data.records().sizeInBytes()).isZero();
    }

    @Test
    void anOffsetPastTheLogEndIsOutOfRange() throws Exception {
        fixture.partition("orders", 0).appendAsLeader(records("a"));
        assertThat(Errors.forCode(answer(fetch(BY_NAME, 1, 5, 0)).get().errorCode()))
                .isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
    }

    @Test
    void aStaleLeaderEpochIsFenced() throws Exception {
        fixture.partition("orders", 0).makeLeader(3, List.of(1), List.of(1), fixture.clock.milliseconds());
        FetchRequestData stale = fetch(BY_NAME, 1, 0, 0);
        stale.topics().get(0).partitions().get(0).setCurrentLeaderEpoch(2);
        assertThat(Errors.forCode(answer(stale).get().errorCode())).isEqualTo(Errors.FENCED_LEADER_EPOCH);
    }

    @Test
    void anIncrementalFetchSessionIsNotFound() throws Exception {
        FetchRequestData session = fetch(BY_NAME, 1, 0, 0).setSessionId(42).setSessionEpoch(1);
        FetchResponseData response = handler.handle(context(ApiKeys.FETCH, BY_NAME), session).toCompletableFuture()
                .get();
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
    }

    private CompletableFuture<PartitionData> answer(FetchRequestData request) {
        return answer(request, BY_NAME);
    }

    private CompletableFuture<PartitionData> answer(FetchRequestData request, short version) {
        return handler.handle(context(ApiKeys.FETCH, version), request).toCompletableFuture()
                .thenApply(r -> r.responses().get(0).partitions().get(0));
    }

    private FetchRequestData fetch(short version, int minBytes, long offset, int maxWaitMs) {
        FetchTopic topic = new FetchTopic().setTopic(version < BY_ID ? "orders" : "")
                .setTopicId(version < BY_ID ? Uuid.ZERO_UUID : orders.id());
        topic.partitions().add(new FetchPartition().setPartition(0).setFetchOffset(offset)
                .setPartitionMaxBytes(1 << 20).setCurrentLeaderEpoch(-1));
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs)
                .setMinBytes(minBytes).setMaxBytes(1 << 20);
        request.topics().add(topic);
        return request;
    }
}
