package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.Requests;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * Transactional requests out of order or from a stale session get Kafka's error codes and change nothing: no
 * transaction is left half-applied and no partition's last stable offset is held by a batch nobody will end.
 */
class TransactionBadInputIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static RawKafkaClient client;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("transaction.max.timeout.ms", "120000"));
        client = new RawKafkaClient(broker.port());
        client.call(ApiKeys.CREATE_TOPICS, (short) 7, Requests.createTopic("bad-tx", 1, Map.of()));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        broker.close();
    }

    static InitProducerIdResponseData init(String id, int timeoutMs) throws Exception {
        return (InitProducerIdResponseData) client.call(ApiKeys.INIT_PRODUCER_ID, (short) 5,
                new InitProducerIdRequestData().setTransactionalId(id).setTransactionTimeoutMs(timeoutMs)
                        .setProducerId(-1).setProducerEpoch((short) -1));
    }

    static Errors addPartition(String id, long pid, short epoch) throws Exception {
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName("bad-tx").setPartitions(List.of(0)));
        AddPartitionsToTxnResponseData response = (AddPartitionsToTxnResponseData) client.call(
                ApiKeys.ADD_PARTITIONS_TO_TXN, (short) 3, new AddPartitionsToTxnRequestData()
                        .setV3AndBelowTransactionalId(id).setV3AndBelowProducerId(pid)
                        .setV3AndBelowProducerEpoch(epoch).setV3AndBelowTopics(topics));
        return Errors.forCode(response.resultsByTopicV3AndBelow().find("bad-tx").resultsByPartition().find(0)
                .partitionErrorCode());
    }

    static Errors endTxn(String id, long pid, short epoch, boolean commit) throws Exception {
        return Errors.forCode(((EndTxnResponseData) client.call(ApiKeys.END_TXN, (short) 4, new EndTxnRequestData()
                .setTransactionalId(id).setProducerId(pid).setProducerEpoch(epoch).setCommitted(commit)))
                .errorCode());
    }

    /** A transactional Produce v11: transaction version 1 (the client added the partition itself). */
    static Errors produce(String id, long pid, short epoch, int sequence) throws Exception {
        return produce(id, pid, epoch, sequence, (short) 11);
    }

    static Errors produce(String id, long pid, short epoch, int sequence, short version) throws Exception {
        ProduceRequestData request = Requests.produce("bad-tx", 0, MemoryRecords.withTransactionalRecords(
                Compression.NONE, pid, epoch, sequence, new SimpleRecord("v".getBytes())));
        request.setTransactionalId(id);
        return Requests.errorOf((ProduceResponseData) client.call(ApiKeys.PRODUCE, version, request));
    }

    static Partition partition() {
        return broker.broker().components().replicas().partition(new TopicPartition("bad-tx", 0)).orElseThrow();
    }

    @Test
    void endTxnWithoutAnyPartitionIsAnInvalidTransactionState() throws Exception {
        InitProducerIdResponseData session = init("no-partitions", 60_000);
        assertThat(session.errorCode()).isZero();

        assertThat(endTxn("no-partitions", session.producerId(), session.producerEpoch(), true))
                .isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(broker.broker().components().transactions().describe("no-partitions").orElseThrow().state())
                .isEqualTo(TransactionState.EMPTY);
    }

    @Test
    void aTimeoutAboveTheMaximumIsRefused() throws Exception {
        assertThat(init("too-long", 120_001).errorCode()).isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT.code());
        assertThat(init("", 1000).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(broker.broker().components().transactions().describe("too-long")).isEmpty();
    }

    @Test
    void txnOffsetCommitForAnUnknownProducerIsRefused() throws Exception {
        TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId("nobody")
                .setGroupId("g").setProducerId(4242).setProducerEpoch((short) 0).setGenerationId(-1)
                .setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName("bad-tx")
                        .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                                .setPartitionIndex(0).setCommittedOffset(5)))));
        TxnOffsetCommitResponseData response = (TxnOffsetCommitResponseData) client.call(
                ApiKeys.TXN_OFFSET_COMMIT, (short) 3, request);

        assertThat(response.topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING.code());
        assertThat(broker.broker().components().groups().fetchOffsets("g", "", -1, null).offsets()).isEmpty();
    }

    @Test
    void txnOffsetCommitForAGroupNotAddedToTheTransactionIsRefused() throws Exception {
        InitProducerIdResponseData s = init("offsets-first", 60_000);
        assertThat(addPartition("offsets-first", s.producerId(), s.producerEpoch())).isEqualTo(Errors.NONE);
        TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId("offsets-first")
                .setGroupId("not-added").setProducerId(s.producerId()).setProducerEpoch(s.producerEpoch())
                .setGenerationId(-1).setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
                        .setName("bad-tx").setPartitions(List.of(
                                new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                                        .setPartitionIndex(0).setCommittedOffset(5)))));
        TxnOffsetCommitResponseData response = (TxnOffsetCommitResponseData) client.call(
                ApiKeys.TXN_OFFSET_COMMIT, (short) 3, request);
        assertThat(response.topics().get(0).partitions().get(0).errorCode())
                .isEqualTo(Errors.INVALID_TXN_STATE.code());

        AddOffsetsToTxnResponseData added = (AddOffsetsToTxnResponseData) client.call(ApiKeys.ADD_OFFSETS_TO_TXN,
                (short) 3, new AddOffsetsToTxnRequestData().setTransactionalId("offsets-first")
                        .setProducerId(s.producerId()).setProducerEpoch((short) (s.producerEpoch() + 1))
                        .setGroupId("not-added"));
        assertThat(added.errorCode()).isEqualTo(Errors.PRODUCER_FENCED.code());
        assertThat(endTxn("offsets-first", s.producerId(), s.producerEpoch(), false)).isEqualTo(Errors.NONE);
    }

    @Test
    void aStaleEpochIsFencedEverywhereAndItsBatchesAreNotAppended() throws Exception {
        InitProducerIdResponseData old = init("stale", 60_000);
        InitProducerIdResponseData current = init("stale", 60_000);
        assertThat(current.producerId()).isEqualTo(old.producerId());
        assertThat(current.producerEpoch()).isEqualTo((short) (old.producerEpoch() + 1));
        long end = partition().logEndOffset();

        assertThat(addPartition("stale", old.producerId(), old.producerEpoch())).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(endTxn("stale", old.producerId(), old.producerEpoch(), true)).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(addPartition("stale", current.producerId() + 1, current.producerEpoch()))
                .isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);
        assertThat(produce("stale", old.producerId(), old.producerEpoch(), 0))
                .isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(partition().logEndOffset()).isEqualTo(end);

        // KIP-360: only the current session may bump its own epoch.
        InitProducerIdResponseData bump = (InitProducerIdResponseData) client.call(ApiKeys.INIT_PRODUCER_ID,
                (short) 5, new InitProducerIdRequestData().setTransactionalId("stale").setTransactionTimeoutMs(60_000)
                        .setProducerId(old.producerId()).setProducerEpoch(old.producerEpoch()));
        assertThat(bump.errorCode()).isEqualTo(Errors.PRODUCER_FENCED.code());
    }

    @Test
    void aTransactionalBatchForAPartitionNotInTheTransactionIsRefused() throws Exception {
        InitProducerIdResponseData s = init("unadded", 60_000);
        long end = partition().logEndOffset();

        // Kafka's KIP-890 answer from Produce v11; older versions do not know it.
        assertThat(produce("unadded", s.producerId(), s.producerEpoch(), 0))
                .isEqualTo(Errors.TRANSACTION_ABORTABLE);
        assertThat(produce("unadded", s.producerId(), s.producerEpoch(), 0, (short) 10))
                .isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(produce(null, s.producerId(), s.producerEpoch(), 0))
                .isEqualTo(Errors.INVALID_PRODUCER_ID_MAPPING);

        assertThat(partition().logEndOffset()).isEqualTo(end);
        assertThat(partition().lastStableOffset()).isEqualTo(partition().highWatermark());
    }

    @Test
    void aFinishedTransactionAnswersRetriesAndRefusesTheOtherOutcome() throws Exception {
        InitProducerIdResponseData s = init("finished", 60_000);
        assertThat(addPartition("finished", s.producerId(), s.producerEpoch())).isEqualTo(Errors.NONE);
        assertThat(produce("finished", s.producerId(), s.producerEpoch(), 0)).isEqualTo(Errors.NONE);
        assertThat(partition().lastStableOffset()).isLessThan(partition().highWatermark());

        assertThat(endTxn("finished", s.producerId(), s.producerEpoch(), false)).isEqualTo(Errors.NONE);
        assertThat(endTxn("finished", s.producerId(), s.producerEpoch(), false)).isEqualTo(Errors.NONE);
        assertThat(endTxn("finished", s.producerId(), s.producerEpoch(), true)).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(partition().lastStableOffset()).isEqualTo(partition().highWatermark());
        // After the abort the batch's partition is no longer in a transaction.
        assertThat(produce("finished", s.producerId(), s.producerEpoch(), 1))
                .isEqualTo(Errors.TRANSACTION_ABORTABLE);
    }

    @Test
    void theVerificationFormOfAddPartitionsChangesNothing() throws Exception {
        InitProducerIdResponseData s = init("verified", 60_000);
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName("bad-tx").setPartitions(List.of(0)));
        AddPartitionsToTxnTransactionCollection txns = new AddPartitionsToTxnTransactionCollection();
        txns.add(new AddPartitionsToTxnTransaction().setTransactionalId("verified").setProducerId(s.producerId())
                .setProducerEpoch(s.producerEpoch()).setVerifyOnly(true).setTopics(topics));
        AddPartitionsToTxnResponseData response = (AddPartitionsToTxnResponseData) client.call(
                ApiKeys.ADD_PARTITIONS_TO_TXN, (short) 5, new AddPartitionsToTxnRequestData().setTransactions(txns));

        assertThat(response.resultsByTransaction().find("verified").topicResults().find("bad-tx")
                .resultsByPartition().find(0).partitionErrorCode())
                .isEqualTo(Errors.TRANSACTION_ABORTABLE.code());
        assertThat(broker.broker().components().transactions().describe("verified").orElseThrow().state())
                .isEqualTo(TransactionState.EMPTY);
    }

    static short txnOffsetCommit(String id, InitProducerIdResponseData s, String group, long offset)
            throws Exception {
        TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId(id)
                .setGroupId(group).setProducerId(s.producerId()).setProducerEpoch(s.producerEpoch())
                .setGenerationId(-1).setTopics(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic()
                        .setName("bad-tx").setPartitions(List.of(
                                new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                                        .setPartitionIndex(0).setCommittedOffset(offset)))));
        return ((TxnOffsetCommitResponseData) client.call(ApiKeys.TXN_OFFSET_COMMIT, (short) 3, request)).topics()
                .get(0).partitions().get(0).errorCode();
    }

    static OffsetFetchResponsePartitions fetchOffset(String group, boolean requireStable) throws Exception {
        OffsetFetchResponseData response = (OffsetFetchResponseData) client.call(ApiKeys.OFFSET_FETCH, (short) 8,
                new OffsetFetchRequestData().setRequireStable(requireStable).setGroups(List.of(
                        new OffsetFetchRequestGroup().setGroupId(group).setTopics(List.of(
                                new OffsetFetchRequestTopics().setName("bad-tx").setPartitionIndexes(List.of(0)))))));
        return response.groups().get(0).topics().get(0).partitions().get(0);
    }

    @Test
    void transactionalOffsetsAreVisibleOnlyOnceTheTransactionCommits() throws Exception {
        for (boolean commit : new boolean[] {false, true}) {
            String group = "g-" + commit;
            InitProducerIdResponseData s = init("offsets-" + commit, 60_000);
            AddOffsetsToTxnResponseData added = (AddOffsetsToTxnResponseData) client.call(
                    ApiKeys.ADD_OFFSETS_TO_TXN, (short) 3, new AddOffsetsToTxnRequestData()
                            .setTransactionalId("offsets-" + commit).setProducerId(s.producerId())
                            .setProducerEpoch(s.producerEpoch()).setGroupId(group));
            assertThat(added.errorCode()).isZero();
            assertThat(txnOffsetCommit("offsets-" + commit, s, group, 3)).isZero();

            assertThat(fetchOffset(group, true).errorCode()).isEqualTo(Errors.UNSTABLE_OFFSET_COMMIT.code());
            assertThat(fetchOffset(group, false).committedOffset()).isEqualTo(-1);

            assertThat(endTxn("offsets-" + commit, s.producerId(), s.producerEpoch(), commit))
                    .isEqualTo(Errors.NONE);
            OffsetFetchResponsePartitions after = fetchOffset(group, true);
            assertThat(after.errorCode()).isZero();
            assertThat(after.committedOffset()).isEqualTo(commit ? 3 : -1);
        }
    }

    @Test
    void theTransactionCoordinatorIsThisBroker() throws Exception {
        FindCoordinatorResponseData response = (FindCoordinatorResponseData) client.call(ApiKeys.FIND_COORDINATOR,
                (short) 4, new FindCoordinatorRequestData().setKeyType((byte) 1)
                        .setCoordinatorKeys(List.of("any", "")));
        assertThat(response.coordinators().get(0).errorCode()).isZero();
        assertThat(response.coordinators().get(0).port()).isEqualTo(broker.port());
        assertThat(response.coordinators().get(1).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }
}
