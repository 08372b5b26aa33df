package dev.voltstream.broker.handler;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.PartitionLog;

/**
 * DescribeLogDirs: per log dir, the requested partitions (all when the topic list is null) with their size on disk;
 * offset lag is 0 as there are no future (moving) replicas. v4+ also reports the dir's total and usable bytes.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(DescribeLogDirsHandler.class);

    private final LogManager logs;

    public DescribeLogDirsHandler(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    @Override
    public CompletionStage<DescribeLogDirsResponseData> handle(RequestContext context,
                                                               DescribeLogDirsRequestData request) {
        Map<String, Set<Integer>> wanted = request.topics() == null ? null : request.topics().stream()
                .collect(Collectors.toMap(DescribableLogDirTopic::topic, t -> Set.copyOf(t.partitions()),
                        (a, b) -> a));
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData();
        for (Path dir : logs.logDirs()) {
            response.results().add(describe(dir.toAbsolutePath().normalize(), wanted));
        }
        return CompletableFuture.completedFuture(response);
    }

    private DescribeLogDirsResult describe(Path dir, Map<String, Set<Integer>> wanted) {
        DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.toString());
        if (logs.isOffline(dir)) {
            // As Kafka: an offline dir is listed with KAFKA_STORAGE_ERROR and no partitions.
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
        try {
            FileStore store = Files.getFileStore(dir);
            result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
        } catch (IOException e) {
            LOG.error("Cannot read the file store of log dir {}", dir, e);
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
        Map<String, DescribeLogDirsTopic> topics = new LinkedHashMap<>();
        for (PartitionLog log : logs.allLogs()) {
            TopicPartition tp = log.topicPartition();
            boolean inDir = log.dir().toAbsolutePath().normalize().getParent().equals(dir);
            if (!inDir || wanted != null && !wanted.getOrDefault(tp.topic(), Set.of()).contains(tp.partition())) {
                continue;
            }
            topics.computeIfAbsent(tp.topic(), name -> new DescribeLogDirsTopic().setName(name)).partitions()
                    .add(new DescribeLogDirsPartition().setPartitionIndex(tp.partition())
                            .setPartitionSize(log.sizeInBytes()).setOffsetLag(0).setIsFutureKey(false));
        }
        result.topics().addAll(topics.values());
        return result;
    }
}
