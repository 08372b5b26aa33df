package dev.voltstream.broker;

import java.util.List;

import dev.voltstream.broker.config.dynamic.ConfigDescriber;
import dev.voltstream.broker.config.dynamic.ConfigUpdater;
import dev.voltstream.broker.handler.AlterConfigsHandler;
import dev.voltstream.broker.handler.AlterPartitionReassignmentsHandler;
import dev.voltstream.broker.handler.ListPartitionReassignmentsHandler;
import dev.voltstream.broker.handler.ApiHandler;
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
import dev.voltstream.broker.handler.CreatePartitionsHandler;
import dev.voltstream.broker.handler.DeleteRecordsHandler;
import dev.voltstream.broker.handler.DeleteTopicsHandler;
import dev.voltstream.broker.handler.DescribeClusterHandler;
import dev.voltstream.broker.handler.DescribeConfigsHandler;
import dev.voltstream.broker.handler.DescribeLogDirsHandler;
import dev.voltstream.broker.handler.DescribeProducersHandler;
import dev.voltstream.broker.handler.ElectLeadersHandler;
import dev.voltstream.broker.handler.IncrementalAlterConfigsHandler;
import dev.voltstream.broker.handler.OffsetForLeaderEpochHandler;
import dev.voltstream.broker.handler.CreateTopicsHandler;
import dev.voltstream.broker.handler.FetchHandler;
import dev.voltstream.broker.handler.InitProducerIdHandler;
import dev.voltstream.broker.handler.ListOffsetsHandler;
import dev.voltstream.broker.handler.MetadataHandler;
import dev.voltstream.broker.handler.ProduceHandler;
import dev.voltstream.broker.metadata.OffsetsTopic;

/** The list of API handlers this broker serves (ApiVersions is added by the dispatcher and advertises exactly these). */
final class BrokerApis {
    private BrokerApis() {
    }

    private static ConfigUpdater configUpdater(BrokerComponents c) {
        return new ConfigUpdater(c.topics(), c.brokerConfigs(), c.config().nodeId());
    }

    /** {@code adminLane} runs the work that creates logs (see {@link ApiDispatcher}). */
    static List<ApiHandler<?>> all(BrokerComponents c, java.util.concurrent.Executor adminLane) {
        return List.of(
                new MetadataHandler(c.cluster(), c.topics(), c.replicas(), adminLane),
                new ProduceHandler(c.topics().registry(), c.replicas(), c.config().getInt("min.insync.replicas", 1)),
                new FetchHandler(c.topics().registry(), c.replicas(), c.workers(), c.config().fetchMaxBytes(),
                        c.config().replicaFetchResponseMaxBytes()),
                new ListOffsetsHandler(c.replicas()),
                new InitProducerIdHandler(c.producerIds()),
                new CreateTopicsHandler(c.topics(), c.cluster(), new ConfigDescriber(c.brokerConfigs()),
                        c.config().numPartitions()),
                new DescribeConfigsHandler(new ConfigDescriber(c.brokerConfigs()), c.topics(), c.config().nodeId()),
                new AlterConfigsHandler(configUpdater(c)),
                new IncrementalAlterConfigsHandler(configUpdater(c)),
                new CreatePartitionsHandler(c.topics(), c.config().nodeId()),
                new DeleteTopicsHandler(c.topics(), c.config()),
                new DescribeClusterHandler(c.cluster()),
                new AlterPartitionReassignmentsHandler(c.topics(), c.cluster()),
                new ListPartitionReassignmentsHandler(c.topics().registry(), c.cluster()),
                new ElectLeadersHandler(c.topics()),
                new DescribeLogDirsHandler(c.logs()),
                new DeleteRecordsHandler(c.replicas()),
                new OffsetForLeaderEpochHandler(c.replicas()),
                new DescribeProducersHandler(c.replicas()),
                new FindCoordinatorHandler(c.cluster(), c.replicas().clustered()
                        ? new OffsetsTopic(c.topics(), c.config())::ensureCreated : () -> false),
                new JoinGroupHandler(c.groups()),
                new SyncGroupHandler(c.groups()),
                new HeartbeatHandler(c.groups()),
                new LeaveGroupHandler(c.groups()),
                new OffsetCommitHandler(c.groups(), c.topics().registry()),
                new OffsetFetchHandler(c.groups(), c.topics().registry()),
                new DescribeGroupsHandler(c.groups()),
                new ListGroupsHandler(c.groups()),
                new DeleteGroupsHandler(c.groups()),
                new OffsetDeleteHandler(c.groups(), c.topics().registry()),
                new ConsumerGroupHeartbeatHandler(c.groups()),
                new ConsumerGroupDescribeHandler(c.groups()));
    }
}
