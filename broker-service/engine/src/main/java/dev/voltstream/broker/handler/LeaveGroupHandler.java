package dev.voltstream.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.protocol.RequestContext;

/** LeaveGroup: one member (v0-2) or a batch identified by member id and/or group instance id (v3+). */
public final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequestData> {
    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public CompletionStage<LeaveGroupResponseData> handle(RequestContext context, LeaveGroupRequestData request) {
        if (context.apiVersion() >= 3) {
            return CompletableFuture.completedFuture(coordinator.leaveGroup(request.groupId(), request.members()));
        }
        LeaveGroupResponseData batch = coordinator.leaveGroup(request.groupId(),
                List.of(new MemberIdentity().setMemberId(request.memberId())));
        short error = batch.errorCode() != 0 ? batch.errorCode() : batch.members().get(0).errorCode();
        return CompletableFuture.completedFuture(new LeaveGroupResponseData().setErrorCode(error));
    }
}
