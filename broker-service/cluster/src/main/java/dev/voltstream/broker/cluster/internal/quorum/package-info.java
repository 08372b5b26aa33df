/**
 * The metadata quorum on Apache Ratis: the Raft server and client of this broker, the state machine that applies the
 * metadata log to a {@link dev.voltstream.broker.cluster.internal.image.ClusterImage}, broker heartbeats and the controller's
 * fencing of brokers that stopped heartbeating.
 */
package dev.voltstream.broker.cluster.internal.quorum;
