package dev.voltstream.broker.group;

import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/** The KIP-848 consumer protocol on one {@link ConsumerGroup}. */
final class ConsumerGroupProtocol {
    private final GroupConfig config;
    private final GroupCoordinator.TopicLookup topics;

    ConsumerGroupProtocol(GroupConfig config, GroupCoordinator.TopicLookup topics) {
        this.config = config;
        this.topics = topics;
    }

    ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroup group, ConsumerGroupHeartbeatRequestData r,
                                                 String clientId, String clientHost, long now) {
        return error(Errors.UNSUPPORTED_VERSION, "not yet");
    }

    void expire(ConsumerGroup group, long now) {
    }

    static ConsumerGroupHeartbeatResponseData error(Errors error, String message) {
        return new ConsumerGroupHeartbeatResponseData().setErrorCode(error.code())
                .setErrorMessage(message != null ? message : error.message()).setMemberEpoch(-1);
    }
}
