package dev.voltstream.broker.console;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

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
        dev.voltstream.broker.RollingLogFile.installFromSystemProperties(); // before the first log line
        BrokerConfig config = ServerProperties.fromCommandLine("BrokerConsoleMain", args);
        ConsoleConfig consoleConfig = ConsoleConfig.from(config);
        KafkaBroker broker = KafkaBroker.start(config);
        // The console starts on its own thread once the Kafka listener is up: the broker's time to ready (the start
        // line below, which broker-start.sh users and the bench wait for) does not include it.
        AtomicReference<ConsoleServer> console = new AtomicReference<>();
        Thread consoleStarter = new Thread(() -> startConsole(consoleConfig, broker, console), "console-start");
        if (consoleConfig.enabled()) {
            consoleStarter.start();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            try {
                consoleStarter.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (console.get() != null) {
                console.get().close();
            }
            broker.close();
            LOG.info("Voltstream broker stopped");
            stopped.countDown();
        }, "shutdown"));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info("Voltstream broker started (node.id={}, cluster.id={}, listener={}, log.dirs={}, console={}) in {} ms",
                config.nodeId(), broker.clusterId(), broker.bootstrapServers(), config.logDirs(),
                consoleConfig.enabled() ? consoleConfig.scheme() + "://" + consoleConfig.host() + ":"
                        + consoleConfig.port() : "off",
                uptime);
        stopped.await();
    }

    private static void startConsole(ConsoleConfig config, KafkaBroker broker, AtomicReference<ConsoleServer> console) {
        long start = System.nanoTime();
        try {
            console.set(ConsoleServer.start(config, broker));
            LOG.info("Voltstream console ready at {} (started in {} ms)", console.get().url(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (java.io.IOException | RuntimeException e) {
            // The broker is the service; a console that cannot bind (port taken by another broker on this host) or
            // has no key store for HTTPS must not take it down. Give each broker its own console.listener, or
            // console.enabled=false.
            LOG.error("Console not started on {}:{} ({}); check console.listener and console.ssl.*, or set "
                    + "console.enabled=false", config.host(), config.port(), e.toString());
        }
    }
}
