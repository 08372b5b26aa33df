package dev.voltstream.broker.handler;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.protocol.RequestContext;

/** SyncGroup (classic protocol): the leader hands in the assignment; every member waits for its share. */
public final class SyncGroupHandler implements ApiHandler<SyncGroupRequestData> {
    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public CompletionStage<SyncGroupResponseData> handle(RequestContext context, SyncGroupRequestData request) {
        short version = context.apiVersion();
        return coordinator.syncGroup(request).thenApply(r -> {
            if (version < 5) {
                r.setProtocolType(null).setProtocolName(null);
            }
            return r;
        });
    }
}
