package dev.voltstream.e2e;

import dev.voltstream.testkit.InProcessBroker;

import java.nio.file.Path;
import java.util.Map;

/** The brokers the same scenario runs against: ours, and Apache Kafka to prove the services are plain Kafka apps. */
public enum BrokerKind {
    VOLTSTREAM {
        @Override
        BrokerUnderTest start(Path workDir) {
            InProcessBroker broker = InProcessBroker.start(Map.of("num.partitions", String.valueOf(
                    BrokerUnderTest.PARTITIONS)));
            return new BrokerUnderTest() {
                @Override
                public String bootstrapServers() {
                    return broker.bootstrapServers();
                }

                @Override
                public void close() {
                    broker.close();
                }
            };
        }
    },
    KAFKA {
        @Override
        BrokerUnderTest start(Path workDir) {
            return ApacheKafkaBroker.start(workDir.resolve("apache-kafka"));
        }
    };

    /** Starts the broker, ready for clients. */
    abstract BrokerUnderTest start(Path workDir);
}
