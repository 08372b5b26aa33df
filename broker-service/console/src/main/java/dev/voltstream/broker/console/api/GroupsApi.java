package dev.voltstream.broker.console.api;

import static dev.voltstream.broker.console.kafka.ClusterClients.await;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.resource.ResourceType;

import dev.voltstream.broker.console.http.HttpCall;
import dev.voltstream.broker.console.http.Reply;
import dev.voltstream.broker.console.http.Router;
import dev.voltstream.broker.console.kafka.ClusterReader;
import dev.voltstream.broker.console.kafka.ClusterReader.PartitionLag;
import dev.voltstream.broker.console.security.ConsoleUser;

/**
 * Consumer groups (classic and KIP-848): list with state and total lag; detail with members, assignments, lag. As
 * ListGroups, the list shows every group to a caller that may DESCRIBE the cluster, else the groups it may DESCRIBE;
 * the detail needs DESCRIBE on the group; as OffsetFetch, offsets and lag leave out topics the caller may not
 * DESCRIBE.
 */
public final class GroupsApi {
    /** A row of the group list. */
    public record GroupSummary(String groupId, String state, String type, String protocol, long lag) {
    }

    /** A partition a member is assigned. */
    public record Assignment(String topic, int partition) {
    }

    /** A group member. */
    public record Member(String memberId, String groupInstanceId, String clientId, String host,
                         List<Assignment> assignments) {
    }

    /** A group's committed offset on one partition and how far behind the log end it is. */
    public record OffsetLag(String topic, int partition, long committedOffset, long endOffset, long lag) {
    }

    /** A group's detail. */
    public record GroupDetail(String groupId, String state, String type, String assignor, Integer coordinator,
                              List<Member> members, List<OffsetLag> offsets, long lag) {
    }

    private final ClusterReader reader;

    public GroupsApi(ClusterReader reader) {
        this.reader = reader;
    }

    public void register(Router router) {
        router.add("GET", "/api/groups", this::list)
                .add("GET", "/api/groups/{groupId}", this::detail);
    }

    private Reply list(HttpCall call) throws Exception {
        ConsoleUser user = ConsoleUser.of(call);
        boolean all = user.mayDescribeCluster();
        List<GroupListing> groups = reader.consumerGroups().stream()
                .filter(g -> all || user.may(AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId())).toList();
        Map<String, List<PartitionLag>> lags = reader.lags(groups.stream().map(GroupListing::groupId).toList());
        return Reply.ok(groups.stream().map(g -> new GroupSummary(g.groupId(),
                g.groupState().map(GroupState::toString).orElse("UNKNOWN"),
                g.type().map(Enum::name).orElse("CLASSIC"), g.protocol(),
                visible(user, lags.getOrDefault(g.groupId(), List.of())).stream().mapToLong(PartitionLag::lag).sum()))
                .toList());
    }

    private Reply detail(HttpCall call) throws Exception {
        String groupId = call.path("groupId");
        ConsoleUser user = ConsoleUser.of(call);
        user.require(AclOperation.DESCRIBE, ResourceType.GROUP, groupId);
        ConsumerGroupDescription group = await(reader.admin().describeConsumerGroups(List.of(groupId))
                .describedGroups().get(groupId));
        List<PartitionLag> allLags = reader.lags(List.of(groupId)).getOrDefault(groupId, List.of());
        if (group.groupState() == GroupState.DEAD && allLags.isEmpty()) {
            throw new GroupIdNotFoundException("Consumer group '" + groupId + "' does not exist");
        }
        List<PartitionLag> lags = visible(user, allLags);
        List<Member> members = group.members().stream()
                .sorted(Comparator.comparing(MemberDescription::clientId).thenComparing(MemberDescription::consumerId))
                .map(m -> new Member(m.consumerId(), m.groupInstanceId().orElse(null), m.clientId(), m.host(),
                        m.assignment().topicPartitions().stream()
                                .sorted(Comparator.comparing(TopicPartition::topic)
                                        .thenComparingInt(TopicPartition::partition))
                                .map(tp -> new Assignment(tp.topic(), tp.partition())).toList()))
                .toList();
        List<OffsetLag> offsets = lags.stream().map(l -> new OffsetLag(l.partition().topic(), l.partition().partition(),
                l.committed(), l.endOffset(), l.lag())).toList();
        return Reply.ok(new GroupDetail(groupId, group.groupState().toString(), group.type().name(),
                group.partitionAssignor(), group.coordinator() == null ? null : group.coordinator().id(), members,
                offsets, offsets.stream().mapToLong(OffsetLag::lag).sum()));
    }

    /** The lags of the topics {@code user} may DESCRIBE (OffsetFetch leaves the others out). */
    private static List<PartitionLag> visible(ConsoleUser user, List<PartitionLag> lags) {
        return lags.stream().filter(l -> user.may(AclOperation.DESCRIBE, ResourceType.TOPIC, l.partition().topic()))
                .toList();
    }
}
