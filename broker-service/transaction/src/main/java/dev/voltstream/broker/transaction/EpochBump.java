package dev.voltstream.broker.transaction;

import dev.voltstream.broker.producer.ProducerIdAllocator;

/**
 * Where a producer's epoch goes next, and when it moves to a new producer id (Kafka's epoch bumps): a new session
 * (InitProducerId) gets the next epoch, or a new producer id at epoch 0 once the epoch is exhausted; a fence (an
 * open transaction aborted by a new session or by its timeout) moves to the next epoch, staying at an exhausted one;
 * with transaction version 2 every decision runs under the epoch after the client's, and a transaction decided at
 * the last epoch (32767) completes under a new producer id.
 */
final class EpochBump {
    private final ProducerIdAllocator producerIds;

    EpochBump(ProducerIdAllocator producerIds) {
        this.producerIds = producerIds;
    }

    /** A fresh transactional id's producer id. */
    long newProducerId() {
        return producerIds.nextProducerId();
    }

    /** The epoch a fence moves to (the same when exhausted: the next session then gets a new producer id). */
    static short fence(short epoch) {
        return epoch >= Short.MAX_VALUE - 1 ? epoch : (short) (epoch + 1);
    }

    /** The epoch a version 2 decision runs under: the one after the client's. */
    static short decision(short clientEpoch) {
        return (short) (clientEpoch + 1);
    }

    /**
     * The next producer session of an id with nothing open: its epoch + 1, or a new producer id at epoch 0 when
     * the epoch is exhausted. {@code bumpedBySession}: the current session asked (KIP-360).
     */
    TransactionMetadata newSession(TransactionMetadata m, int timeoutMs, boolean bumpedBySession, long now) {
        boolean exhausted = m.epochExhausted();
        long producerId = exhausted ? producerIds.nextProducerId() : m.producerId();
        short epoch = exhausted ? 0 : (short) (m.producerEpoch() + 1);
        return m.newSession(producerId, epoch, timeoutMs, bumpedBySession, now);
    }

    /**
     * The prepared transaction completed: under the same producer id, or, with transaction version 2 decided at the
     * last epoch, under a new producer id at epoch 0 (Kafka's prepareComplete).
     */
    TransactionMetadata completed(TransactionMetadata m, long now) {
        boolean exhausted = m.transactionVersion() == TransactionMetadata.TV_2 && m.producerEpoch() == Short.MAX_VALUE;
        return exhausted ? m.completeUnder(producerIds.nextProducerId(), now) : m.complete(now);
    }
}
