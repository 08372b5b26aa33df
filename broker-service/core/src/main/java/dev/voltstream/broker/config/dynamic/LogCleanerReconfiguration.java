package dev.voltstream.broker.config.dynamic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.storage.CleanerConfig;
import dev.voltstream.broker.storage.LogCleaner;

/**
 * The log cleaner's {@code log.cleaner.*} settings changed at runtime (Kafka's {@code LogCleaner.ReconfigurableConfigs}):
 * validated as Kafka's {@code LogCleaner.validateReconfiguration} does, then applied by restarting the cleaner threads
 * between passes ({@link LogCleaner#reconfigure}).
 */
public final class LogCleanerReconfiguration implements BrokerReconfigurable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleanerReconfiguration.class);

    private final LogCleaner cleaner;

    public LogCleanerReconfiguration(LogCleaner cleaner) {
        this.cleaner = cleaner;
    }

    @Override
    public void validateReconfiguration(BrokerConfig next) {
        cleaner.config().validateReconfiguration(CleanerConfig.from(next::get));
    }

    @Override
    public void reconfigure(BrokerConfig next) {
        try {
            cleaner.reconfigure(CleanerConfig.from(next::get));
        } catch (IllegalArgumentException e) {
            // A value validated by the broker that proposed it may still not fit this one (another thread count):
            // Kafka logs it and keeps the current settings too.
            LOG.error("Cannot apply the new log cleaner settings here; the cleaner keeps {}: {}", cleaner.config(),
                    e.getMessage());
        }
    }
}
