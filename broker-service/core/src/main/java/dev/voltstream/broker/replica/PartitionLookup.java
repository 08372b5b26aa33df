package dev.voltstream.broker.replica;

import org.apache.kafka.common.protocol.Errors;

/** What {@link ReplicaManager#leaderPartition} found: the partition this broker leads, or the Kafka error why not. */
public record PartitionLookup(Partition partition, Errors error) {

    static PartitionLookup found(Partition partition) {
        return new PartitionLookup(partition, Errors.NONE);
    }

    static PartitionLookup failed(Errors error) {
        return new PartitionLookup(null, error);
    }

    public boolean isFound() {
        return error == Errors.NONE;
    }
}
