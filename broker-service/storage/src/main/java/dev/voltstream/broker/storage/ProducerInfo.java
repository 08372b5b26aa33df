package dev.voltstream.broker.storage;

/** One idempotent producer's state on a partition, as DescribeProducers reports it. */
public record ProducerInfo(long producerId, int producerEpoch, int lastSequence, long lastTimestamp) {
}
