package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    @TempDir
    Path root;
    private final ManualTime time = new ManualTime(1_000_000L);
    private ScheduledExecutorService scheduler;
    private LogManager manager;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        manager = new LogManager(List.of(root.resolve("d1"), root.resolve("d2")), scheduler, time);
    }

    @AfterEach
    void stop() throws IOException {
        manager.close();
        scheduler.shutdownNow();
    }

    @Test
    void createsLogsInTheDirWithFewestPartitionsAndLoadsThemAgain() throws IOException {
        TopicPartition a = new TopicPartition("ev.station-status_v2", 0);
        TopicPartition b = new TopicPartition("ev.station-status_v2", 1);
        TopicPartition c = new TopicPartition("invoices", 10);
        manager.getOrCreateLog(a, LogConfig.defaults()).appendAsLeader(TestBatches.batch(3, 1L), 0);
        manager.getOrCreateLog(b, LogConfig.defaults());
        manager.getOrCreateLog(c, LogConfig.defaults());
        assertThat(manager.getOrCreateLog(a, LogConfig.defaults()).logEndOffset()).isEqualTo(3);
        assertThat(manager.getLog(a).orElseThrow().dir().getParent())
                .isNotEqualTo(manager.getLog(b).orElseThrow().dir().getParent());
        manager.close();

        manager = new LogManager(List.of(root.resolve("d1"), root.resolve("d2")), scheduler, time);
        Map<TopicPartition, PartitionLog> loaded = manager.loadLogs(tp -> LogConfig.defaults());

        assertThat(loaded.keySet()).containsExactlyInAnyOrder(a, b, c);
        assertThat(loaded.get(a).logEndOffset()).isEqualTo(3);
        assertThat(manager.allLogs()).hasSize(3);
    }

    @Test
    void deleteLogRemovesTheDirectoryInTheBackground() throws IOException {
        TopicPartition tp = new TopicPartition("doomed", 0);
        Path dir = manager.getOrCreateLog(tp, LogConfig.defaults()).dir();

        manager.deleteLog(tp);

        assertThat(manager.getLog(tp)).isEmpty();
        assertThat(dir).doesNotExist();
        await().atMost(Duration.ofSeconds(10)).until(() -> countDirs(dir.getParent()) == 0);
    }

    @Test
    void loadingFinishesInterruptedDeletionsAndSkipsForeignDirs() throws IOException {
        Path d1 = root.resolve("d1");
        Files.createDirectories(d1.resolve("old-0.0123abcd-delete"));
        Files.writeString(d1.resolve("old-0.0123abcd-delete").resolve("00000000000000000000.log"), "x");
        Files.createDirectories(d1.resolve("lost+found"));

        Map<TopicPartition, PartitionLog> loaded = manager.loadLogs(tp -> LogConfig.defaults());

        assertThat(loaded).isEmpty();
        assertThat(d1.resolve("old-0.0123abcd-delete")).doesNotExist();
        assertThat(d1.resolve("lost+found")).exists();
    }

    @Test
    void retentionChecksRunOnTheScheduler() throws IOException {
        LogConfig config = LogConfig.defaults().withOverrides(Map.of("segment.ms", "10", "retention.ms", "100"));
        PartitionLog log = manager.getOrCreateLog(new TopicPartition("short", 0), config);
        log.appendAsLeader(TestBatches.batch(1, time.milliseconds()), 0);
        time.advance(1000);

        manager.startRetentionChecks(20);

        await().atMost(Duration.ofSeconds(10)).until(() -> log.logStartOffset() == 1);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    private static long countDirs(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.count();
        }
    }
}
