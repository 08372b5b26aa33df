package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Where one shard of the coordinator persists its transactional ids: the single node's local log
 * ({@link TransactionLog}) or, in a cluster, a replicated partition of {@code __transaction_state}
 * ({@link ReplicatedTransactionLog}).
 */
interface TransactionStateStore {
    /** The live state: the last record of every transactional id, ids whose last record is a tombstone left out. */
    Map<String, TransactionMetadata> load() throws IOException;

    /**
     * Persists {@code metadata} (and tombstones of the expired ids), returning once it is durable: flushed on a
     * single node, replicated to the in-sync replicas in a cluster.
     *
     * @throws StateWriteException with the error to answer when it is not
     */
    void write(Collection<TransactionMetadata> metadata, Collection<String> tombstones) throws IOException;

    /** Now and then: copies the live state to the end and drops what precedes it. */
    void maybeRewrite(Collection<TransactionMetadata> live) throws IOException;
}
