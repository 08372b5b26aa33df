package dev.voltstream.broker;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.utils.Time;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.dynamic.DynamicBrokerConfigs;
import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.FinalizedFeatures;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.transaction.ClusterTransactions;
import dev.voltstream.broker.transaction.TransactionCoordinator;

/**
 * The broker's long-lived parts, wired once by {@link KafkaBroker} and handed to the API handlers.
 * {@code clusterTransactions} is null on a single node; {@code features} are the node's or the cluster's finalized
 * features.
 */
public record BrokerComponents(
        BrokerConfig config,
        ClusterView cluster,
        TopicService topics,
        ReplicaManager replicas,
        LogManager logs,
        ProducerIdAllocator producerIds,
        ScheduledExecutorService scheduler,
        ExecutorService workers,
        Time time,
        Path metadataDir,
        DynamicBrokerConfigs brokerConfigs,
        GroupCoordinator groups,
        TransactionCoordinator transactions,
        ClusterTransactions clusterTransactions,
        FinalizedFeatures features) {
}
