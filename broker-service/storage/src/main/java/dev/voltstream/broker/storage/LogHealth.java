package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a partition log can be written and read, and what a failed write means.
 *
 * <p>A full disk (ENOSPC) is transient: the failed append has been cut back, the log stays readable, the caller gets
 * {@link KafkaStorageException} (Kafka's {@code KAFKA_STORAGE_ERROR}) and the next append simply tries again, so
 * producing resumes by itself once space returns. Any other I/O error is treated as Kafka's LogDirFailureChannel
 * does: the whole log dir goes offline (reported to the handler, which marks every log in it) and stays offline until
 * the broker restarts and recovery has checked the files.
 */
final class LogHealth {
    private static final Logger LOG = LoggerFactory.getLogger(LogHealth.class);

    private final TopicPartition tp;
    private final Path logDir;
    private final BiConsumer<Path, IOException> dirFailed;
    private volatile String offlineReason;
    private volatile boolean outOfSpace;

    LogHealth(TopicPartition tp, Path logDir, BiConsumer<Path, IOException> dirFailed) {
        this.tp = tp;
        this.logDir = logDir;
        this.dirFailed = dirFailed;
    }

    /** @throws KafkaStorageException when the log dir is offline */
    void ensureOnline() {
        String reason = offlineReason;
        if (reason != null) {
            throw new KafkaStorageException("The log of " + tp + " is offline: " + reason);
        }
    }

    boolean isOffline() {
        return offlineReason != null;
    }

    boolean isOutOfSpace() {
        return outOfSpace;
    }

    void markOffline(String reason) {
        if (offlineReason == null) {
            offlineReason = reason;
        }
    }

    /** A write finished: a partition that was out of space has space again. */
    void writeSucceeded() {
        if (outOfSpace) {
            outOfSpace = false;
            LOG.info("{} accepts appends again: the log dir {} has space", tp, logDir);
        }
    }

    /** Classifies a failed write and returns the exception to throw to the client. */
    KafkaStorageException writeFailed(String action, IOException e) {
        if (DiskErrors.isOutOfSpace(e)) {
            if (!outOfSpace) {
                outOfSpace = true;
                // One line when the state changes, not one per refused request: a full disk refuses many.
                LOG.warn("{} of {} refused: no space left in {} ({}); appends fail until space returns", action, tp,
                        logDir, e.getMessage());
            }
            return new KafkaStorageException("No space left in the log dir of " + tp + ": " + e.getMessage(), e);
        }
        markOffline(action + " failed: " + e);
        dirFailed.accept(logDir, e);
        return new KafkaStorageException("The log dir " + logDir + " of " + tp + " failed and is offline: " + e, e);
    }
}
