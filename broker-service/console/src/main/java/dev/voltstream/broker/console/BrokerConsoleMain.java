package dev.voltstream.broker.console;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.ServerProperties;

/**
 * The deployable broker: {@code BrokerConsoleMain server.properties [--override key=value ...]} starts a
 * {@link KafkaBroker} and, unless {@code console.enabled=false}, its console on {@code console.listener}. Same
 * arguments and the same "Voltstream broker started" line as {@code dev.voltstream.broker.BrokerMain}, which still
 * runs a broker without a console. SIGTERM stops both cleanly.
 */
public final class BrokerConsoleMain {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConsoleMain.class);

    private BrokerConsoleMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("USAGE: BrokerConsoleMain server.properties [--override property=value]*");
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
        ConsoleConfig consoleConfig = ConsoleConfig.from(config);
        KafkaBroker broker = KafkaBroker.start(config);
        ConsoleServer console = null;
        long consoleStart = System.nanoTime();
        if (consoleConfig.enabled()) {
            try {
                console = ConsoleServer.start(consoleConfig, broker);
            } catch (java.io.IOException e) {
                // The broker is the service; a console that cannot bind (port taken by another broker on this host)
                // must not take it down. Give each broker its own console.listener, or console.enabled=false.
                LOG.error("Console not started: cannot listen on {}:{} ({}); set console.listener or "
                        + "console.enabled=false", consoleConfig.host(), consoleConfig.port(), e.toString());
            }
        }
        ConsoleServer startedConsole = console;
        long consoleMillis = (System.nanoTime() - consoleStart) / 1_000_000;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            if (startedConsole != null) {
                startedConsole.close();
            }
            broker.close();
            LOG.info("Voltstream broker stopped");
            stopped.countDown();
        }, "shutdown"));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info("Voltstream broker started (node.id={}, cluster.id={}, listener={}, log.dirs={}, console={} in {} ms) "
                        + "in {} ms", config.nodeId(), broker.clusterId(), broker.bootstrapServers(), config.logDirs(),
                startedConsole == null ? "off" : startedConsole.url(), consoleMillis, uptime);
        stopped.await();
    }
}
