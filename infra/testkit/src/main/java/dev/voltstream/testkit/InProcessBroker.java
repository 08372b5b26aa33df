package dev.voltstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;

/**
 * A Voltstream broker in this JVM on a free 127.0.0.1 port, over a scratch log directory that {@link #close()}
 * deletes. Defaults suit service tests: 3 partitions per auto-created topic, no initial rebalance delay.
 */
public final class InProcessBroker implements AutoCloseable {
    private final KafkaBroker broker;
    private final Path logDir;

    private InProcessBroker(KafkaBroker broker, Path logDir) {
        this.broker = broker;
        this.logDir = logDir;
    }

    /** Starts a broker with the defaults. */
    public static InProcessBroker start() {
        return start(Map.of());
    }

    /** Starts a broker; {@code overrides} are broker properties (Kafka names) laid over the defaults. */
    public static InProcessBroker start(Map<String, String> overrides) {
        Path logDir = TestDirs.scratch("broker");
        Map<String, String> config = new HashMap<>();
        config.put("node.id", "1");
        config.put("listeners", "PLAINTEXT://127.0.0.1:0");
        config.put("log.dirs", logDir.toString());
        config.put("num.partitions", "3");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.io.threads", "4");
        config.put("num.network.threads", "2");
        config.putAll(overrides);
        try {
            return new InProcessBroker(KafkaBroker.start(new BrokerConfig(config)), logDir);
        } catch (IOException e) {
            TestDirs.deleteQuietly(logDir);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            TestDirs.deleteQuietly(logDir);
            throw new IllegalStateException("interrupted while starting the broker", e);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public int port() {
        return broker.port();
    }

    public Path logDir() {
        return logDir;
    }

    /** The engine itself, for tests that look inside. */
    public KafkaBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            TestDirs.deleteQuietly(logDir);
        }
    }
}
