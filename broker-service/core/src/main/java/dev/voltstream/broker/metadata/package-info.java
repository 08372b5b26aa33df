/** What the cluster knows: topics (names, ids, partitions, configs), the cluster identity and the brokers. */
package dev.voltstream.broker.metadata;
