package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.replica.FetchPurgatory;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.testkit.StubClusterView;

/**
 * Produce's KIP-890 check on broker 1 for a transactional id coordinated by broker 2: the first batch of a
 * transaction is appended only when broker 2 answers AddPartitionsToTxn {@code verifyOnly} with NONE; its refusal is
 * the batch's error, and an unreachable or moving coordinator is the retriable NOT_ENOUGH_REPLICAS.
 */
class ClusterTransactionVerifierTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final LogAppendResult APPENDED = new LogAppendResult(0, 0, -1, 0, 1, false);

    @TempDir
    Path dir;
    ScheduledThreadPoolExecutor scheduler;
    LogManager logs;
    TransactionCoordinator coordinator;
    final List<AddPartitionsToTxnRequestData> asked = new ArrayList<>();
    Errors answer = Errors.NONE;
    boolean reachable = true;
    ClusterTransactionVerifier verifier;

    @BeforeEach
    void open() throws Exception {
        scheduler = new ScheduledThreadPoolExecutor(1);
        logs = new LogManager(List.of(dir), scheduler, Time.SYSTEM);
        ReplicaManager replicas = new ReplicaManager(1, logs, new FetchPurgatory(scheduler));
        coordinator = TransactionCoordinator.clustered(new TransactionConfig(60_000, 60_000, 60_000, 5_000),
                new TransactionMarkers(replicas), (group, offsets) -> CompletableFuture.completedFuture(Errors.NONE),
                new ProducerIdAllocator(dir.resolve("producer-ids")), () -> 1, () -> 1, Time.SYSTEM);
        verifier = new ClusterTransactionVerifier(coordinator, replicas, new TwoBrokers(), this::call);
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
        logs.close();
        scheduler.shutdownNow();
    }

    private ApiMessage call(int brokerId, String clientId, ApiKeys api, short version, ApiMessage request)
            throws IOException {
        assertThat(brokerId).as("the id's coordinator").isEqualTo(2);
        assertThat(api).isEqualTo(ApiKeys.ADD_PARTITIONS_TO_TXN);
        if (!reachable) {
            throw new IOException("Connection refused");
        }
        asked.add((AddPartitionsToTxnRequestData) request);
        AddPartitionsToTxnTopicResult topic = new AddPartitionsToTxnTopicResult().setName(TP.topic());
        topic.resultsByPartition().add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(TP.partition())
                .setPartitionErrorCode(answer.code()));
        AddPartitionsToTxnResult result = new AddPartitionsToTxnResult().setTransactionalId("tx");
        result.topicResults().add(topic);
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
        response.resultsByTransaction().add(result);
        return response;
    }

    private LogAppendResult produce() throws IOException {
        return verifier.appendVerified("tx", 7, (short) 3, TP, false, () -> APPENDED);
    }

    @Test
    void aBatchTheRemoteCoordinatorVerifiesIsAppended() throws Exception {
        assertThat(produce()).isSameAs(APPENDED);
        assertThat(asked).singleElement().satisfies(request -> assertThat(request.transactions()).singleElement()
                .satisfies(txn -> {
                    assertThat(txn.verifyOnly()).isTrue();
                    assertThat(txn.producerId()).isEqualTo(7);
                    assertThat(txn.producerEpoch()).isEqualTo((short) 3);
                    assertThat(txn.topics().find("t").partitions()).containsExactly(0);
                }));
    }

    @Test
    void aTransactionVersion2BatchAsksTheCoordinatorToAddItsPartition() throws Exception {
        assertThat(verifier.appendVerified("tx", 7, (short) 3, TP, true, () -> APPENDED)).isSameAs(APPENDED);
        assertThat(asked).singleElement().satisfies(request -> assertThat(request.transactions()).singleElement()
                .satisfies(txn -> assertThat(txn.verifyOnly()).isFalse()));
    }

    @Test
    void aBatchOutsideTheOpenTransactionIsRefusedWithTheCoordinatorsError() {
        answer = Errors.INVALID_TXN_STATE;
        assertThatThrownBy(this::produce).isInstanceOf(InvalidTxnStateException.class);
    }

    @Test
    void anUnreachableOrMovingCoordinatorIsARetriableError() {
        reachable = false;
        assertThatThrownBy(this::produce).isInstanceOf(NotEnoughReplicasException.class);
        reachable = true;
        answer = Errors.NOT_COORDINATOR;
        assertThatThrownBy(this::produce).isInstanceOf(NotEnoughReplicasException.class);
    }

    /** Broker 1 (this one) and broker 2, which coordinates every transactional id. */
    private static final class TwoBrokers extends StubClusterView {
        @Override
        public List<BrokerNode> brokers(String listenerName) {
            return List.of(new BrokerNode(1, "127.0.0.1", 1, null), new BrokerNode(2, "127.0.0.1", 2, null));
        }

        @Override
        public Optional<BrokerNode> transactionCoordinator(String listenerName, String transactionalId) {
            return Optional.of(brokers(listenerName).get(1));
        }
    }
}
