package dev.voltstream.broker.handler;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.group.ClassicJoin;
import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.protocol.RequestContext;

/** JoinGroup (classic protocol): answered when the group's join phase completes, which may take a while. */
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequestData> {
    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public CompletionStage<JoinGroupResponseData> handle(RequestContext context, JoinGroupRequestData request) {
        short version = context.apiVersion();
        ClassicJoin join = ClassicJoin.of(request, context.clientId(), clientHost(context), version);
        return coordinator.joinGroup(join).thenApply(r -> {
            // Fields a version does not have must keep their defaults.
            if (version < 7) {
                r.setProtocolType(null);
                if (r.protocolName() == null) {
                    r.setProtocolName("");
                }
            }
            if (version < 9) {
                r.setSkipAssignment(false);
            }
            if (version < 5) {
                r.members().forEach(m -> m.setGroupInstanceId(null));
            }
            return r;
        });
    }

    static String clientHost(RequestContext context) {
        return context.clientAddress() == null ? "" : context.clientAddress().toString();
    }
}
