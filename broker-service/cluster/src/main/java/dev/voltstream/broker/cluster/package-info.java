/**
 * Cluster mode: several brokers sharing one metadata quorum (Apache Ratis) and replicating partitions from leaders to
 * followers. Off unless {@code controller.quorum.voters} is configured; a single node never touches this package.
 */
package dev.voltstream.broker.cluster;
