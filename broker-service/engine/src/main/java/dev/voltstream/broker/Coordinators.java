package dev.voltstream.broker;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

import dev.voltstream.broker.cluster.BrokerChannels;
import dev.voltstream.broker.cluster.ClusterNode;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.group.CommittedOffset;
import dev.voltstream.broker.group.GroupConfig;
import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.group.RegistryTopics;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.OffsetsTopic;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.metadata.TransactionStateTopic;
import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.security.InterBrokerSecurity;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.transaction.ClusterTransactionVerifier;
import dev.voltstream.broker.transaction.ClusterTransactionalOffsets;
import dev.voltstream.broker.transaction.ClusterTransactions;
import dev.voltstream.broker.transaction.TransactionConfig;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import dev.voltstream.broker.transaction.TransactionMarkers;
import dev.voltstream.broker.transaction.TransactionalOffsets;

/**
 * The group and transaction coordinators of one broker, wired to each other (a committed transaction's offsets become
 * its group's commits): on a single node over local logs; in cluster mode each coordinating the partitions of its
 * internal topic this broker leads, the transaction coordinator reaching other brokers for markers, verification and
 * offsets ({@code clusterTransactions}, null on a single node).
 */
record Coordinators(GroupCoordinator groups, TransactionCoordinator transactions,
                    ClusterTransactions clusterTransactions) {

    /**
     * Starts both coordinators; {@code clusterNode} is null on a single node. Calls to other brokers speak
     * {@code interBroker}'s security protocol.
     */
    static Coordinators start(BrokerConfig config, ClusterNode clusterNode, ClusterView cluster,
                              InterBrokerSecurity interBroker, TopicService topics, ReplicaManager replicas,
                              LogManager logs, ProducerIdAllocator producerIds, ScheduledExecutorService scheduler,
                              Time time) throws IOException {
        if (clusterNode == null) {
            GroupCoordinator groups = GroupCoordinator.start(GroupConfig.from(config), config.logDefaults(), logs,
                    new RegistryTopics(topics.registry()), scheduler, time);
            TransactionCoordinator transactions = TransactionCoordinator.start(TransactionConfig.from(config), logs,
                    config.logDefaults(), new TransactionMarkers(replicas), transactionalOffsets(groups),
                    producerIds, time);
            return new Coordinators(groups, transactions, null);
        }
        GroupCoordinator groups = clusteredGroups(config, clusterNode, topics, scheduler, time);
        BrokerChannels channels = new BrokerChannels(cluster, interBroker);
        TransactionMarkers markers = new TransactionMarkers(replicas, cluster, channels::call);
        ClusterTransactionalOffsets offsets = new ClusterTransactionalOffsets(transactionalOffsets(groups),
                cluster, channels::call);
        TransactionStateTopic stateTopic = new TransactionStateTopic(topics, config);
        TransactionCoordinator transactions = TransactionCoordinator.clustered(TransactionConfig.from(config), markers,
                offsets, producerIds, stateTopic::partitionCount, stateTopic::minInsyncReplicas, time);
        clusterNode.watchLeadership(TransactionStateTopic.NAME, transactions);
        ClusterTransactions clusterTransactions = new ClusterTransactions(markers,
                new ClusterTransactionVerifier(transactions, replicas, cluster, channels::call), offsets, channels);
        return new Coordinators(groups, transactions, clusterTransactions);
    }

    /** A committed transaction's offsets become ordinary commits of their group. */
    private static TransactionalOffsets transactionalOffsets(GroupCoordinator groups) {
        return (groupId, offsets) -> {
            Map<TopicPartition, CommittedOffset> commits = new HashMap<>();
            offsets.forEach((tp, o) -> commits.put(tp, new CommittedOffset(o.offset(), o.leaderEpoch(), o.metadata(),
                    -1, -1)));
            return groups.commitTransactionalOffsets(groupId, commits);
        };
    }

    /** Cluster mode: coordinates the groups of the {@code __consumer_offsets} partitions this broker leads. */
    private static GroupCoordinator clusteredGroups(BrokerConfig config, ClusterNode clusterNode, TopicService topics,
                                                    ScheduledExecutorService scheduler, Time time) {
        OffsetsTopic offsetsTopic = new OffsetsTopic(topics, config);
        int minIsr = config.getInt("min.insync.replicas", 1);
        GroupCoordinator groups = GroupCoordinator.clustered(GroupConfig.from(config),
                new RegistryTopics(topics.registry()),
                () -> topics.registry().byName(OffsetsTopic.NAME).map(t -> t.partitions()).orElse(-1),
                () -> offsetsTopic.minInsyncReplicas(minIsr), scheduler, time);
        clusterNode.watchLeadership(OffsetsTopic.NAME, groups);
        return groups;
    }
}
