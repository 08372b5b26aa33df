package dev.voltstream.broker;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("USAGE: BrokerMain server.properties [--override property=value]*");
            System.exit(1);
        }
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--override") || i + 1 >= args.length) {
                System.err.println("Unexpected argument '" + args[i] + "'; expected --override property=value");
                System.exit(1);
            }
            overrides.add(args[++i]);
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            System.err.println("Cannot read " + file.toAbsolutePath());
            System.exit(1);
        }
        BrokerConfig config = ServerProperties.load(file, overrides);
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
