package dev.voltstream.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.WriteInterceptor;

/** DescribeLogDirs lists a log dir that failed with KAFKA_STORAGE_ERROR and no partitions, as Kafka does. */
class DescribeLogDirsHandlerTest {
    @TempDir
    Path root;

    @Test
    void anOfflineDirIsReportedWithStorageErrorAndTheOtherDirAsBefore() throws Exception {
        Path failing = root.resolve("d1").toAbsolutePath();
        Path healthy = root.resolve("d2").toAbsolutePath();
        WriteInterceptor brokenD1 = (file, bytes) -> {
            if (file.startsWith(failing)) {
                throw new IOException("Input/output error");
            }
        };
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (LogManager logs = new LogManager(List.of(failing, healthy), scheduler, Time.SYSTEM, brokenD1)) {
            TopicPartition a = new TopicPartition("readings", 0);
            TopicPartition b = new TopicPartition("readings", 1);
            var logA = logs.getOrCreateLog(a, LogConfig.defaults());
            var logB = logs.getOrCreateLog(b, LogConfig.defaults());
            assertThat(logA.dir().getParent()).isEqualTo(failing);
            MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()));
            logB.appendAsLeader(records, 0);
            assertThatThrownBy(() -> logA.appendAsLeader(MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord("v".getBytes())), 0)).isInstanceOf(KafkaStorageException.class);

            Map<String, DescribeLogDirsResult> results = new DescribeLogDirsHandler(logs)
                    .handle(null, new DescribeLogDirsRequestData().setTopics(null)).toCompletableFuture().get()
                    .results().stream().collect(Collectors.toMap(DescribeLogDirsResult::logDir, Function.identity()));

            assertThat(results.get(failing.toString()).errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
            assertThat(results.get(failing.toString()).topics()).isEmpty();
            assertThat(results.get(healthy.toString()).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(results.get(healthy.toString()).topics().get(0).partitions().get(0).partitionIndex())
                    .isEqualTo(1);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
