package dev.voltstream.broker;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.ServerProperties;

/**
 * Starts a broker like Kafka does: {@code BrokerMain server.properties [--override key=value ...]}. SIGTERM (or
 * Ctrl-C) stops it cleanly.
 */
public final class BrokerMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        RollingLogFile.installFromSystemProperties(); // before the first log line
        BrokerConfig config = ServerProperties.fromCommandLine("BrokerMain", args);
        KafkaBroker broker = KafkaBroker.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            broker.close();
            LOG.info("Voltstream broker stopped");
            stopped.countDown();
        }, "shutdown"));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info("Voltstream broker started (node.id={}, cluster.id={}, listener={}, log.dirs={}) in {} ms",
                config.nodeId(), broker.clusterId(), broker.bootstrapServers(), config.logDirs(), uptime);
        stopped.await();
    }
}
