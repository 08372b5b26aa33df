package dev.voltstream.broker.security.authz;

import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.List;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

/** The consumer group APIs and FindCoordinator (KafkaApis' checks). */
final class GroupAuthorizations {
    private static final short GROUP_DENIED = Errors.GROUP_AUTHORIZATION_FAILED.code();

    private GroupAuthorizations() {
    }

    static void register(ApiAuthorizations rules) {
        rules.on(ApiKeys.JOIN_GROUP, JoinGroupRequestData.class, (a, r) -> group(a, READ, r.groupId()))
                .on(ApiKeys.SYNC_GROUP, SyncGroupRequestData.class, (a, r) -> group(a, READ, r.groupId()))
                .on(ApiKeys.HEARTBEAT, HeartbeatRequestData.class, (a, r) -> group(a, READ, r.groupId()))
                .on(ApiKeys.LEAVE_GROUP, LeaveGroupRequestData.class, (a, r) -> group(a, READ, r.groupId()))
                .on(ApiKeys.OFFSET_COMMIT, OffsetCommitRequestData.class, (a, r) -> both(group(a, READ, r.groupId()),
                        () -> TopicAuthorizations.allTopics(a, READ, r.topics(), t -> t.name())))
                .on(ApiKeys.OFFSET_DELETE, OffsetDeleteRequestData.class, (a, r) -> both(group(a, DELETE, r.groupId()),
                        () -> TopicAuthorizations.allTopics(a, READ, r.topics(), t -> t.name())))
                .on(ApiKeys.OFFSET_FETCH, OffsetFetchRequestData.class, GroupAuthorizations::offsetFetch)
                .on(ApiKeys.CONSUMER_GROUP_HEARTBEAT, ConsumerGroupHeartbeatRequestData.class, (a, r) ->
                        both(group(a, READ, r.groupId()), () -> r.subscribedTopicNames() == null ? Verdict.ALLOW
                                : TopicAuthorizations.allTopics(a, DESCRIBE, r.subscribedTopicNames(), n -> n)))
                .on(ApiKeys.DESCRIBE_GROUPS, DescribeGroupsRequestData.class, (a, r) ->
                        Verdict.amend(DescribeGroupsResponseData.class, response -> {
                            response.groups().replaceAll(g -> a.allowed(DESCRIBE, GROUP, g.groupId()) ? g
                                    : new DescribedGroup().setGroupId(g.groupId()).setErrorCode(GROUP_DENIED)
                                    .setGroupState("").setProtocolType("").setProtocolData(""));
                            return response;
                        }))
                .on(ApiKeys.CONSUMER_GROUP_DESCRIBE, ConsumerGroupDescribeRequestData.class, (a, r) ->
                        Verdict.amend(ConsumerGroupDescribeResponseData.class, response -> {
                            response.groups().replaceAll(g -> a.allowed(DESCRIBE, GROUP, g.groupId()) ? g
                                    : new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(g.groupId())
                                    .setErrorCode(GROUP_DENIED).setErrorMessage("Group authorization failed."));
                            return response;
                        }))
                .on(ApiKeys.LIST_GROUPS, ListGroupsRequestData.class, (a, r) -> a.cluster(DESCRIBE) ? Verdict.ALLOW
                        : Verdict.amend(ListGroupsResponseData.class, response -> {
                            response.groups().removeIf(g -> !a.visible(DESCRIBE, GROUP, g.groupId()));
                            return response;
                        }))
                .on(ApiKeys.DELETE_GROUPS, DeleteGroupsRequestData.class, GroupAuthorizations::deleteGroups)
                .on(ApiKeys.FIND_COORDINATOR, FindCoordinatorRequestData.class, GroupAuthorizations::findCoordinator);
    }

    static Verdict group(RequestAccess access, AclOperation op, String groupId) {
        return Verdict.allowIf(access.allowed(op, GROUP, groupId),
                new GroupAuthorizationException("Not authorized to access group: " + groupId, groupId));
    }

    /** The first verdict if it refuses, else the second. */
    static Verdict both(Verdict first, java.util.function.Supplier<Verdict> second) {
        return first.refusal() != null ? first : second.get();
    }

    private static Verdict offsetFetch(RequestAccess access, OffsetFetchRequestData request) {
        if (request.groups().isEmpty()) {
            Verdict group = group(access, DESCRIBE, request.groupId());
            if (group.refusal() != null) {
                return group;
            }
        } else {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup group : request.groups()) {
                Verdict verdict = group(access, DESCRIBE, group.groupId());
                if (verdict.refusal() != null) {
                    return verdict;
                }
            }
        }
        // the committed offsets of topics the principal may not describe are left out, as Kafka does
        return Verdict.amend(OffsetFetchResponseData.class, response -> {
            response.topics().removeIf(t -> t.name() != null && !access.visible(DESCRIBE, TOPIC, t.name()));
            response.groups().forEach(g -> g.topics().removeIf(t -> t.name() != null && !t.name().isEmpty()
                    && !access.visible(DESCRIBE, TOPIC, t.name())));
            return response;
        });
    }

    private static Verdict deleteGroups(RequestAccess access, DeleteGroupsRequestData request) {
        List<String> denied = access.denied(request.groupsNames(), DELETE, GROUP, g -> g);
        if (denied.isEmpty()) {
            return Verdict.ALLOW;
        }
        request.groupsNames().removeAll(denied);
        return Verdict.amend(DeleteGroupsResponseData.class, response -> {
            denied.forEach(g -> response.results().add(new DeletableGroupResult().setGroupId(g)
                    .setErrorCode(GROUP_DENIED)));
            return response;
        });
    }

    private static Verdict findCoordinator(RequestAccess access, FindCoordinatorRequestData request) {
        boolean txn = request.keyType() == CoordinatorType.TRANSACTION.id();
        if (request.coordinatorKeys().isEmpty()) {
            if (txn) {
                return Verdict.allowIf(access.allowed(DESCRIBE, TRANSACTIONAL_ID, request.key()),
                        new TransactionalIdAuthorizationException("Transactional Id authorization failed."));
            }
            return group(access, DESCRIBE, request.key());
        }
        short denied = txn ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code() : GROUP_DENIED;
        return Verdict.amend(FindCoordinatorResponseData.class, response -> {
            for (FindCoordinatorResponseData.Coordinator c : response.coordinators()) {
                if (!access.allowed(DESCRIBE, txn ? TRANSACTIONAL_ID : GROUP, c.key())) {
                    c.setErrorCode(denied).setErrorMessage(Errors.forCode(denied).message()).setNodeId(-1)
                            .setHost("").setPort(-1);
                }
            }
            return response;
        });
    }
}
