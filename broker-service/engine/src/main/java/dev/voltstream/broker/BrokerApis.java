package dev.voltstream.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import dev.voltstream.broker.config.dynamic.ConfigDescriber;
import dev.voltstream.broker.config.dynamic.ConfigUpdater;
import dev.voltstream.broker.handler.AlterConfigsHandler;
import dev.voltstream.broker.handler.UpdateFeaturesHandler;
import dev.voltstream.broker.handler.AlterPartitionReassignmentsHandler;
import dev.voltstream.broker.handler.ListPartitionReassignmentsHandler;
import dev.voltstream.broker.handler.AlterClientQuotasHandler;
import dev.voltstream.broker.handler.ApiHandler;
import dev.voltstream.broker.handler.DescribeClientQuotasHandler;
import dev.voltstream.broker.handler.CreateAclsHandler;
import dev.voltstream.broker.handler.DeleteAclsHandler;
import dev.voltstream.broker.handler.DescribeAclsHandler;
import dev.voltstream.broker.handler.ConsumerGroupDescribeHandler;
import dev.voltstream.broker.handler.ConsumerGroupHeartbeatHandler;
import dev.voltstream.broker.handler.DeleteGroupsHandler;
import dev.voltstream.broker.handler.DescribeGroupsHandler;
import dev.voltstream.broker.handler.FindCoordinatorHandler;
import dev.voltstream.broker.handler.HeartbeatHandler;
import dev.voltstream.broker.handler.JoinGroupHandler;
import dev.voltstream.broker.handler.LeaveGroupHandler;
import dev.voltstream.broker.handler.ListGroupsHandler;
import dev.voltstream.broker.handler.OffsetCommitHandler;
import dev.voltstream.broker.handler.OffsetDeleteHandler;
import dev.voltstream.broker.handler.OffsetFetchHandler;
import dev.voltstream.broker.handler.SyncGroupHandler;
import dev.voltstream.broker.handler.UnregisterBrokerHandler;
import dev.voltstream.broker.handler.AddRaftVoterHandler;
import dev.voltstream.broker.handler.RemoveRaftVoterHandler;
import dev.voltstream.broker.handler.CreatePartitionsHandler;
import dev.voltstream.broker.handler.DeleteRecordsHandler;
import dev.voltstream.broker.handler.DeleteTopicsHandler;
import dev.voltstream.broker.handler.DescribeClusterHandler;
import dev.voltstream.broker.handler.DescribeConfigsHandler;
import dev.voltstream.broker.handler.DescribeLogDirsHandler;
import dev.voltstream.broker.handler.DescribeProducersHandler;
import dev.voltstream.broker.handler.DescribeQuorumHandler;
import dev.voltstream.broker.handler.DescribeTopicPartitionsHandler;
import dev.voltstream.broker.handler.ElectLeadersHandler;
import dev.voltstream.broker.handler.IncrementalAlterConfigsHandler;
import dev.voltstream.broker.handler.OffsetForLeaderEpochHandler;
import dev.voltstream.broker.handler.CreateTopicsHandler;
import dev.voltstream.broker.handler.FetchHandler;
import dev.voltstream.broker.handler.InitProducerIdHandler;
import dev.voltstream.broker.handler.ListOffsetsHandler;
import dev.voltstream.broker.handler.MetadataHandler;
import dev.voltstream.broker.handler.ProduceHandler;
import dev.voltstream.broker.handler.AddOffsetsToTxnHandler;
import dev.voltstream.broker.handler.AddPartitionsToTxnHandler;
import dev.voltstream.broker.handler.DescribeTransactionsHandler;
import dev.voltstream.broker.handler.EndTxnHandler;
import dev.voltstream.broker.handler.ListTransactionsHandler;
import dev.voltstream.broker.handler.TxnOffsetCommitHandler;
import dev.voltstream.broker.handler.WriteTxnMarkersHandler;
import dev.voltstream.broker.metadata.OffsetsTopic;
import dev.voltstream.broker.metadata.TransactionStateTopic;
import dev.voltstream.broker.transaction.ClusterTransactions;
import dev.voltstream.broker.quota.ClientQuotas;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import dev.voltstream.broker.transaction.TransactionMarkers;
import dev.voltstream.broker.transaction.TransactionVerifier;

/** The list of API handlers this broker serves (ApiVersions is added by the dispatcher and advertises exactly these). */
final class BrokerApis {
    private BrokerApis() {
    }

    private static ConfigUpdater configUpdater(BrokerComponents c) {
        return new ConfigUpdater(c.topics(), c.brokerConfigs(), c.config().nodeId());
    }

    /** {@code adminLane} runs the work that creates logs (see {@link ApiDispatcher}). */
    static List<ApiHandler<?>> all(BrokerComponents c, Executor adminLane, AclAuthorizer authorizer,
                                   ClientQuotas quotas) {
        List<ApiHandler<?>> all = new ArrayList<>(common(c, adminLane));
        all.add(new CreateAclsHandler(authorizer));
        all.add(new DescribeAclsHandler(authorizer));
        all.add(new DeleteAclsHandler(authorizer));
        all.add(new DescribeClientQuotasHandler(quotas));
        all.add(new AlterClientQuotasHandler(quotas));
        c.cluster().quorum().ifPresent(quorum -> {
            all.add(new DescribeQuorumHandler(quorum));
            all.add(new UnregisterBrokerHandler(quorum));
            all.add(new AddRaftVoterHandler(quorum, c.cluster().clusterId()));
            all.add(new RemoveRaftVoterHandler(quorum, c.cluster().clusterId()));
        });
        TransactionCoordinator txns = c.transactions();
        ClusterTransactions clustered = c.clusterTransactions();
        if (txns != null) {
            all.add(new AddPartitionsToTxnHandler(txns, c.topics().registry()));
            all.add(new AddOffsetsToTxnHandler(txns));
            all.add(new EndTxnHandler(txns));
            all.add(new TxnOffsetCommitHandler(txns, c.groups(), c.topics().registry(),
                    clustered != null ? clustered.offsets() : null));
            all.add(new WriteTxnMarkersHandler(clustered != null ? clustered.markers()
                    : new TransactionMarkers(c.replicas())));
            all.add(new DescribeTransactionsHandler(txns));
            all.add(new ListTransactionsHandler(txns, c.time()));
        }
        return all;
    }

    private static List<ApiHandler<?>> common(BrokerComponents c, Executor adminLane) {
        TransactionCoordinator txns = c.transactions();
        return List.of(
                new MetadataHandler(c.cluster(), c.topics(), c.replicas(), adminLane),
                new DescribeTopicPartitionsHandler(c.topics().registry(), c.cluster(), c.replicas(),
                        c.config().getInt("max.request.partition.size.limit", 2000)),
                new ProduceHandler(c.topics().registry(), c.replicas(), c.config().getInt("min.insync.replicas", 1),
                        c.clusterTransactions() != null ? c.clusterTransactions().verifier()
                                : txns != null ? txns : TransactionVerifier.UNSUPPORTED),
                new FetchHandler(c.topics().registry(), c.replicas(), c.workers(), c.config().fetchMaxBytes(),
                        c.config().replicaFetchResponseMaxBytes()),
                new ListOffsetsHandler(c.replicas()),
                new InitProducerIdHandler(c.producerIds(), txns),
                new CreateTopicsHandler(c.topics(), c.cluster(), new ConfigDescriber(c.brokerConfigs()),
                        c.config().numPartitions()),
                new DescribeConfigsHandler(new ConfigDescriber(c.brokerConfigs()), c.topics(), c.config().nodeId()),
                new AlterConfigsHandler(configUpdater(c)),
                new IncrementalAlterConfigsHandler(configUpdater(c)),
                new CreatePartitionsHandler(c.topics(), c.config().nodeId()),
                new DeleteTopicsHandler(c.topics(), c.config()),
                new DescribeClusterHandler(c.cluster()),
                new UpdateFeaturesHandler(c.features()),
                new AlterPartitionReassignmentsHandler(c.topics(), c.cluster()),
                new ListPartitionReassignmentsHandler(c.topics().registry(), c.cluster()),
                new ElectLeadersHandler(c.topics()),
                new DescribeLogDirsHandler(c.logs()),
                new DeleteRecordsHandler(c.replicas()),
                new OffsetForLeaderEpochHandler(c.replicas()),
                new DescribeProducersHandler(c.replicas()),
                new FindCoordinatorHandler(c.cluster(), c.replicas().clustered()
                        ? new OffsetsTopic(c.topics(), c.config())::ensureCreated : () -> false, txns != null,
                        c.replicas().clustered()
                                ? new TransactionStateTopic(c.topics(), c.config())::ensureCreated : () -> false),
                new JoinGroupHandler(c.groups()),
                new SyncGroupHandler(c.groups()),
                new HeartbeatHandler(c.groups()),
                new LeaveGroupHandler(c.groups()),
                new OffsetCommitHandler(c.groups(), c.topics().registry()),
                new OffsetFetchHandler(c.groups(), c.topics().registry(),
                        txns != null ? txns::hasPendingOffset : (group, tp) -> false),
                new DescribeGroupsHandler(c.groups()),
                new ListGroupsHandler(c.groups()),
                new DeleteGroupsHandler(c.groups()),
                new OffsetDeleteHandler(c.groups(), c.topics().registry()),
                new ConsumerGroupHeartbeatHandler(c.groups()),
                new ConsumerGroupDescribeHandler(c.groups()));
    }
}
