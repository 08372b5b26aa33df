package dev.voltstream.broker.console.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import dev.voltstream.broker.console.http.HttpCall;
import dev.voltstream.broker.console.http.Reply;
import dev.voltstream.broker.console.http.Router;
import dev.voltstream.broker.console.kafka.ClusterReader;
import dev.voltstream.broker.console.metrics.ThroughputSampler;
import dev.voltstream.broker.console.security.ConsoleUser;

/**
 * {@code GET /api/cluster}: brokers, controller, topic and partition counts, replication health, live throughput.
 * The counts cover the topics the caller may DESCRIBE (as Metadata lists them); DescribeCluster needs no ACL.
 */
public final class ClusterApi {
    /** A broker as describeCluster reports it. */
    public record Broker(int id, String host, int port, String rack, boolean controller) {
    }

    /** Live throughput of the broker serving the console: the current rates and the last minute of them. */
    public record Throughput(ThroughputSampler.Rate current, List<ThroughputSampler.Rate> history) {
    }

    /** The overview. */
    public record Overview(String clusterId, Integer controllerId, List<Broker> brokers, int topics, int partitions,
                           int underReplicatedPartitions, int offlinePartitions, String status,
                           Throughput throughput) {
    }

    private final ClusterReader reader;
    private final ThroughputSampler throughput;

    public ClusterApi(ClusterReader reader, ThroughputSampler throughput) {
        this.reader = reader;
        this.throughput = throughput;
    }

    public void register(Router router) {
        router.add("GET", "/api/cluster", this::overview);
    }

    private Reply overview(HttpCall call) throws Exception {
        ClusterReader.ClusterInfo info = reader.cluster();
        Integer controllerId = info.controller() == null || info.controller().isEmpty() ? null : info.controller().id();
        List<Broker> brokers = info.nodes().stream().sorted(Comparator.comparingInt(Node::id))
                .map(n -> new Broker(n.id(), n.host(), n.port(), n.rack(),
                        controllerId != null && n.id() == controllerId))
                .toList();
        ConsoleUser user = ConsoleUser.of(call);
        Map<String, TopicDescription> topics = reader.allTopics(name -> user.may(AclOperation.DESCRIBE,
                ResourceType.TOPIC, name));
        int partitions = 0;
        int underReplicated = 0;
        int offline = 0;
        for (TopicDescription topic : topics.values()) {
            for (TopicPartitionInfo p : topic.partitions()) {
                partitions++;
                underReplicated += ClusterReader.underReplicated(p) ? 1 : 0;
                offline += p.leader() == null || p.leader().id() < 0 ? 1 : 0;
            }
        }
        String status = offline > 0 ? "OFFLINE_PARTITIONS" : underReplicated > 0 ? "DEGRADED" : "HEALTHY";
        return Reply.ok(new Overview(info.clusterId(), controllerId, brokers, topics.size(), partitions,
                underReplicated, offline, status, new Throughput(throughput.current(), throughput.history())));
    }
}
