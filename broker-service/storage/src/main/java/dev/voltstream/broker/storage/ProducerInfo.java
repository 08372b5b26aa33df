package dev.voltstream.broker.storage;

/**
 * One producer's state on a partition, as DescribeProducers reports it; {@code currentTxnStartOffset} is the first
 * offset of its open transaction, -1 when none is open.
 */
public record ProducerInfo(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                           long currentTxnStartOffset) {
    public ProducerInfo(long producerId, int producerEpoch, int lastSequence, long lastTimestamp) {
        this(producerId, producerEpoch, lastSequence, lastTimestamp, -1L);
    }
}
