package dev.voltstream.e2e;

/** The broker the services run against in one pass of the scenario. */
public interface BrokerUnderTest extends AutoCloseable {
    /** Partitions of every topic the scenario uses. */
    int PARTITIONS = 6;

    String bootstrapServers();

    @Override
    void close();
}
