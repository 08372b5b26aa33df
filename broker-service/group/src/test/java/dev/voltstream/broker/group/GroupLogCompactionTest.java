package dev.voltstream.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.metadata.OffsetsTopic;
import dev.voltstream.broker.storage.CleanerConfig;
import dev.voltstream.broker.storage.LogCleaner;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.PartitionLog;
import dev.voltstream.broker.testkit.ManualClock;

/**
 * The group log ({@code __consumer_offsets}) is compacted as in Kafka: after many commits the cleaner keeps the last
 * record per group and partition, the log shrinks, and a restarted coordinator loads the same committed offsets.
 * Segments are made small here so the cleaner has closed segments to work on.
 */
@Timeout(60)
class GroupLogCompactionTest {
    private static final TopicPartition GROUP_LOG = new TopicPartition(OffsetsTopic.NAME, 0);
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    ScheduledExecutorService scheduler = clock.scheduler();
    LogManager logs;
    GroupCoordinator coordinator;

    private void start() throws Exception {
        LogConfig small = LogConfig.defaults().withOverrides(OffsetsTopic.LOG_CONFIGS)
                .withOverrides(Map.of("segment.bytes", "2048", "min.cleanable.dirty.ratio", "0.01"));
        logs = new LogManager(List.of(dir), scheduler, clock);
        logs.loadLogs(tp -> small);
        GroupConfig config = GroupConfig.from(new BrokerConfig(Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.retention.minutes", "6000")));
        coordinator = GroupCoordinator.start(config, LogConfig.defaults(), logs,
                new GroupCoordinatorTest.FixedTopics(), scheduler, clock);
        logs.getLog(GROUP_LOG).orElseThrow().updateConfig(small); // Kafka's offsets.topic.segment.bytes, shrunk
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
        logs.close();
        scheduler.shutdownNow();
    }

    @Test
    void cleanedGroupLogReloadsTheSameCommittedOffsets() throws Exception {
        start();
        for (int i = 0; i < 300; i++) {
            String group = "g" + (i % 5);
            assertThat(coordinator.commitOffsets(group, "", null, -1, (short) 9, -1,
                    Map.of(TP, new CommittedOffset(i, 1, "m" + i, -1, -1))).join()).isEqualTo(Errors.NONE);
        }
        PartitionLog log = logs.getLog(GROUP_LOG).orElseThrow();
        assertThat(log.config().cleanup().compact()).isTrue();
        long before = log.sizeInBytes();
        assertThat(log.numberOfSegments()).isGreaterThan(2);

        LogCleaner cleaner = new LogCleaner(CleanerConfig.defaults(), logs::allLogs, clock);
        assertThat(cleaner.cleanNow()).isEqualTo(1);
        assertThat(log.sizeInBytes()).isLessThan(before / 2);

        coordinator.close();
        logs.close();
        start();
        for (int g = 0; g < 5; g++) {
            long last = 295 + g;
            var fetched = coordinator.fetchOffsets("g" + g, null, -1, null).offsets().get(TP);
            assertThat(fetched.offset()).as("g%d", g).isEqualTo(last);
            assertThat(fetched.metadata()).isEqualTo("m" + last);
        }
    }
}
