package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes or undoes a cleaning pass that a crash interrupted, before the segments are loaded, as Kafka's LogLoader
 * does: {@code *.cleaned} files were never swapped in and are removed (the old segments are whole); a
 * {@code <base>.log.swap} file is a finished cleaned segment, so the segments it replaces (those with a base offset
 * from {@code base} up to its next offset) are removed and it takes the plain name. Index files of a swap are
 * dropped and rebuilt by the loader.
 */
final class CleanerRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CleanerRecovery.class);
    private static final String LOG_SWAP = LogFileNames.LOG_SUFFIX + LogFileNames.SWAP_SUFFIX;

    private CleanerRecovery() {
    }

    static void finishInterruptedCleaning(Path dir, TopicPartition tp) throws IOException {
        List<Long> swaps = new ArrayList<>();
        List<Long> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogFileNames.CLEANED_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (name.endsWith(LOG_SWAP)) {
                    LogFileNames.baseOffset(name.substring(0, name.length() - LogFileNames.SWAP_SUFFIX.length()),
                            LogFileNames.LOG_SUFFIX).ifPresent(swaps::add);
                } else if (name.endsWith(LogFileNames.SWAP_SUFFIX)) {
                    Files.deleteIfExists(file); // an index of a swap: rebuilt from the log file
                } else {
                    OptionalLong base = LogFileNames.baseOffset(name, LogFileNames.LOG_SUFFIX);
                    base.ifPresent(segments::add);
                }
            }
        }
        for (long base : swaps) {
            Path swap = LogFileNames.logFile(dir, base).resolveSibling(
                    LogFileNames.prefix(base) + LOG_SWAP);
            long next = base + 1;
            try (FileRecords records = FileRecords.open(swap.toFile(), false)) {
                for (FileChannelRecordBatch batch : records.batches()) {
                    next = Math.max(next, batch.nextOffset());
                }
            }
            for (long segment : segments) {
                if (segment >= base && segment < next) {
                    Files.deleteIfExists(LogFileNames.logFile(dir, segment));
                    Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, segment));
                    Files.deleteIfExists(LogFileNames.timeIndexFile(dir, segment));
                }
            }
            Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, base));
            Files.deleteIfExists(LogFileNames.timeIndexFile(dir, base));
            Files.move(swap, LogFileNames.logFile(dir, base));
            LOG.info("Completed the swap of a cleaned segment of {} at offset {} interrupted by a crash", tp, base);
        }
    }
}
