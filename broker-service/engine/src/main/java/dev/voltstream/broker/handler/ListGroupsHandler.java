package dev.voltstream.broker.handler;

import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.protocol.RequestContext;

/** ListGroups: every group, filtered by state (v4+) and type (v5+, classic or consumer). */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequestData> {
    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public CompletionStage<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        short version = context.apiVersion();
        ListGroupsResponseData response = new ListGroupsResponseData().setGroups(coordinator.listGroups(
                new HashSet<>(request.statesFilter()), new HashSet<>(request.typesFilter())));
        response.groups().forEach(g -> {
            if (version < 4) {
                g.setGroupState("");
            }
            if (version < 5) {
                g.setGroupType("");
            }
        });
        return CompletableFuture.completedFuture(response);
    }
}
