/**
 * Follower replication: one fetcher thread per leader broker, which first truncates a divergent log tail by leader
 * epoch (OffsetForLeaderEpoch) and then fetches from the leader's log end with the Kafka Fetch API, as Kafka's
 * replica fetchers do.
 */
package dev.voltstream.broker.cluster.internal.replication;
