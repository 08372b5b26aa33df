package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What removes records from the old end of a partition log: retention by time and size ({@link RetentionPolicy}
 * decides which segments) and DeleteRecords, which raises the log start offset. Neither goes past an open
 * transaction. Called under the {@link PartitionLog}'s lock.
 */
final class LogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

    private final TopicPartition topicPartition;
    private final LogFiles files;
    private final LogStartOffset logStart;
    private final ProducerStateManager producerState;

    LogRetention(TopicPartition topicPartition, LogFiles files, LogStartOffset logStart,
                 ProducerStateManager producerState) {
        this.topicPartition = topicPartition;
        this.files = files;
        this.logStart = logStart;
        this.producerState = producerState;
    }

    /**
     * Raises the log start offset to {@code offset} and retires the segments wholly below it.
     *
     * @return the new log start offset
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when {@code offset} is negative, above the log
     *         end offset or past an open transaction
     */
    long deleteRecordsBefore(long offset, LogConfig config, long now) throws IOException {
        RetentionPolicy.checkDeleteRecordsBefore(offset, files.end().offset(), producerState.firstUnstableOffset(),
                topicPartition);
        if (offset > logStart.get()) {
            for (LogSegment segment : RetentionPolicy.whollyBelow(files.segments().all(), offset)) {
                files.retire(segment, now, config);
            }
            logStart.advanceTo(offset);
            files.deleteRetired(now);
        }
        return logStart.get();
    }

    /**
     * Retires the oldest segments past {@code retention.ms} or beyond {@code retention.bytes}; when all of them are
     * due, rolls an empty active segment first so the log keeps its end offset. Also deletes the files of segments
     * retired earlier once {@code file.delete.delay.ms} has passed.
     *
     * @return the number of segments retired
     */
    int deleteDueSegments(LogConfig config, long nowMs) throws IOException {
        files.deleteRetired(nowMs);
        List<LogSegment> all = files.segments().all();
        int deletable = RetentionPolicy.deletableSegments(all, config, nowMs, producerState.firstUnstableOffset());
        if (deletable == 0) {
            return 0;
        }
        if (deletable == all.size()) {
            files.roll(files.end().offset(), nowMs, config);
        }
        for (int i = 0; i < deletable; i++) {
            files.retire(all.get(i), nowMs, config);
        }
        logStart.advanceTo(files.segments().first().baseOffset());
        files.deleteRetired(nowMs);
        LOG.info("Retention deleted {} segment(s) of {}; log start offset is now {}", deletable,
                topicPartition, logStart.get());
        return deletable;
    }
}
