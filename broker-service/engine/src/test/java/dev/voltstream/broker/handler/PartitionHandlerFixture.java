package dev.voltstream.broker.handler;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.network.FileSliceRecords;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.FetchPurgatory;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.testkit.ManualClock;

/**
 * What the produce and fetch handlers stand on, without a network or a broker: topics, partitions over logs in a temp
 * dir, and a fetch purgatory on a {@link ManualClock}. Handlers get exactly these through their constructors.
 */
final class PartitionHandlerFixture implements AutoCloseable {
    static final int NODE = 1;

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final LogManager logs;
    final ReplicaManager replicas;
    final TopicRegistry topics;

    PartitionHandlerFixture(Path dir) throws IOException {
        logs = new LogManager(List.of(dir.resolve("logs")), clock.scheduler(), clock);
        replicas = new ReplicaManager(NODE, logs, new FetchPurgatory(clock.scheduler()));
        topics = new TopicRegistry(dir.resolve("topics"));
    }

    TopicMetadata createTopic(String name, int partitions) throws IOException {
        TopicMetadata topic = topics.create(name, partitions, Map.of());
        for (int p = 0; p < partitions; p++) {
            replicas.getOrCreatePartition(new TopicPartition(name, p), topic.id(), LogConfig.defaults());
        }
        return topic;
    }

    Partition partition(String topic, int partition) {
        return replicas.partition(new TopicPartition(topic, partition)).orElseThrow();
    }

    static RequestContext context(ApiKeys api, short version) {
        return new RequestContext(new RequestHeader(api, version, "test-client", 1), "conn-1",
                InetAddress.getLoopbackAddress(), "PLAINTEXT",
                org.apache.kafka.common.security.auth.KafkaPrincipal.ANONYMOUS);
    }

    static MemoryRecords records(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    /** The values of the records a fetch answered with, whether in memory or a slice of a segment file. */
    static List<String> values(BaseRecords records) throws IOException {
        MemoryRecords memory;
        if (records instanceof MemoryRecords m) {
            memory = m;
        } else if (records instanceof FileSliceRecords slice) {
            ByteBuffer buffer = ByteBuffer.allocate(slice.sizeInBytes());
            slice.channel().read(buffer, slice.position());
            memory = MemoryRecords.readableRecords(buffer.flip());
        } else {
            throw new AssertionError("Unexpected records " + records);
        }
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : memory.batches()) {
            for (Record r : batch) {
                values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
            }
        }
        return values;
    }

    @Override
    public void close() throws IOException {
        logs.close();
    }
}
