package dev.voltstream.broker.transaction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transactional ids of one {@code __transaction_state} partition this broker coordinates: their state, the store
 * it is persisted in and the lock every change of them holds. A single node has one, always loaded; in a cluster a
 * shard exists while this broker leads its partition and answers once loaded.
 */
final class TransactionShard {
    final int partition;
    /** The partition's leader epoch, written into the markers (0 on a single node). */
    final int coordinatorEpoch;
    final TransactionStateStore store;
    final Object lock = new Object();
    /** Concurrent: KIP-890 verification for other brokers reads it without the lock. */
    final Map<String, TransactionMetadata> txns = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private volatile boolean unloaded;

    TransactionShard(int partition, int coordinatorEpoch, TransactionStateStore store) {
        this.partition = partition;
        this.coordinatorEpoch = coordinatorEpoch;
        this.store = store;
    }

    /** Loaded and not resigned: answers for its ids. */
    boolean serving() {
        return loaded && !unloaded;
    }

    boolean unloaded() {
        return unloaded;
    }

    void markLoaded() {
        loaded = true;
    }

    void unload() {
        unloaded = true;
    }
}
