package dev.voltstream.broker.transaction;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/** Where a committing transaction's offsets go: the group coordinator, which stores them as ordinary commits. */
@FunctionalInterface
public interface TransactionalOffsets {
    CompletableFuture<Errors> commit(String groupId, Map<TopicPartition, PendingOffset> offsets);
}
