package dev.voltstream.broker.metadata;

/** A broker as clients see it in Metadata and DescribeCluster. */
public record BrokerNode(int id, String host, int port, String rack) {
}
