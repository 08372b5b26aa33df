package dev.voltstream.broker.storage;

/**
 * One producer's state on a partition, as DescribeProducers reports it; {@code currentTxnStartOffset} is the first
 * offset of its open transaction, -1 when none is open; {@code coordinatorEpoch} the coordinator epoch of its last
 * transaction marker here, -1 when none was written (Kafka's tools send it back with the markers they write).
 */
public record ProducerInfo(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                           long currentTxnStartOffset, int coordinatorEpoch) {
    public ProducerInfo(long producerId, int producerEpoch, int lastSequence, long lastTimestamp) {
        this(producerId, producerEpoch, lastSequence, lastTimestamp, -1L, -1);
    }
}
