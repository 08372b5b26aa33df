package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.protocol.RequestContext;

/** DescribeGroups (classic groups): state, protocol, and members with their metadata and assignment when Stable. */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequestData> {
    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public CompletionStage<DescribeGroupsResponseData> handle(RequestContext context,
                                                              DescribeGroupsRequestData request) {
        short version = context.apiVersion();
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        for (String groupId : request.groups()) {
            DescribedGroup group = coordinator.describeGroup(groupId, version);
            if (version < 4) {
                group.members().forEach(m -> m.setGroupInstanceId(null));
            }
            response.groups().add(group);
        }
        return CompletableFuture.completedFuture(response);
    }
}
