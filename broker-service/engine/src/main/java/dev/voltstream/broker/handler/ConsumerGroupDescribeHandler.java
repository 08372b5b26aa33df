package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * ConsumerGroupDescribe (KIP-848 groups): epochs, assignor, members with current and target assignments. A classic
 * group answers GROUP_ID_NOT_FOUND, upon which the admin client falls back to DescribeGroups, as with Kafka.
 */
public final class ConsumerGroupDescribeHandler implements ApiHandler<ConsumerGroupDescribeRequestData> {
    private final GroupCoordinator coordinator;

    public ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public CompletionStage<ConsumerGroupDescribeResponseData> handle(RequestContext context,
                                                                     ConsumerGroupDescribeRequestData request) {
        ConsumerGroupDescribeResponseData response = new ConsumerGroupDescribeResponseData();
        for (String groupId : request.groupIds()) {
            response.groups().add(coordinator.describeConsumerGroup(groupId));
        }
        return CompletableFuture.completedFuture(response);
    }
}
