package dev.voltstream.broker.storage;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/** Names of the files and directories of a log, as Kafka lays them out. */
final class LogFileNames {
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";
    static final String LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";
    static final String LOG_START_OFFSET = "log-start-offset";
    static final String PRODUCER_SNAPSHOT = "producer-state.snapshot";
    static final String CLEAN_SHUTDOWN = ".clean-shutdown";
    static final String DELETE_DIR_SUFFIX = "-delete";
    /** A cleaner's output being written; removed at load (the cleaning never happened). */
    static final String CLEANED_SUFFIX = ".cleaned";
    /** A cleaner's finished output being swapped in; completed at load (the cleaning happened). */
    static final String SWAP_SUFFIX = ".swap";
    /** The offset up to which the cleaner has cleaned this log (Kafka keeps one cleaner-offset-checkpoint per dir). */
    static final String CLEANER_CHECKPOINT = "cleaner-offset-checkpoint";

    private LogFileNames() {
    }

    static String prefix(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + LOG_SUFFIX);
    }

    static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(prefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** The base offset of a {@code %020d<suffix>} file name, empty when the name is not one. */
    static OptionalLong baseOffset(String fileName, String suffix) {
        if (!fileName.endsWith(suffix)) {
            return OptionalLong.empty();
        }
        String digits = fileName.substring(0, fileName.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    static String partitionDirName(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    /** Parses {@code <topic>-<partition>}, splitting at the last '-' since topic names may contain '-'. */
    static TopicPartition parsePartitionDir(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            throw new IllegalArgumentException("not a partition directory name: " + name);
        }
        String partition = name.substring(dash + 1);
        if (!partition.chars().allMatch(Character::isDigit) || partition.length() > 9) {
            throw new IllegalArgumentException("not a partition directory name: " + name);
        }
        return new TopicPartition(name.substring(0, dash), Integer.parseInt(partition));
    }
}
