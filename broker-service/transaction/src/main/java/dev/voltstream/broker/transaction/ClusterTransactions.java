package dev.voltstream.broker.transaction;

/**
 * Cluster mode's transaction parts around the coordinator, wired once by the broker and handed to the handlers.
 *
 * @param markers  writes markers here and sends them to other partitions' leaders
 * @param verifier Produce's KIP-890 check, asking other brokers' coordinators when needed
 * @param offsets  transactional offsets between group and transaction coordinators on different brokers
 * @param channels the connections to the other brokers, closed with the broker
 */
public record ClusterTransactions(TransactionMarkers markers, ClusterTransactionVerifier verifier,
                                  ClusterTransactionalOffsets offsets, AutoCloseable channels) {
}
