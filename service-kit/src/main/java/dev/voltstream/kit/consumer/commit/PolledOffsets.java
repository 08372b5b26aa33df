package dev.voltstream.kit.consumer.commit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer interceptor that remembers, per partition, the offset of the last record {@code poll()} returned, so the
 * commit strategy can tell "every record this consumer was given has been processed" (see
 * {@link MarkerSkippingCommits}). Installed by {@link PolledOffsetsCustomizer} on the consumers of channels using
 * {@link FencedThrottledCommit}; the Kafka client instantiates it, so instances are found by the consumer's
 * {@code client.id}. {@link #onConsume} runs inside {@code poll()}, on the polling thread.
 */
public final class PolledOffsets implements ConsumerInterceptor<Object, Object> {
    private static final Map<String, PolledOffsets> BY_CLIENT_ID = new ConcurrentHashMap<>();

    private final Map<TopicPartition, Long> lastPolled = new ConcurrentHashMap<>();
    private String clientId;

    /** The interceptor of the consumer with this {@code client.id}, or null when it has none. */
    static PolledOffsets of(Object clientId) {
        return clientId == null ? null : BY_CLIENT_ID.get(clientId.toString());
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(ConsumerConfig.CLIENT_ID_CONFIG);
        clientId = id == null ? null : id.toString();
        if (clientId != null) {
            BY_CLIENT_ID.put(clientId, this);
        }
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<Object, Object>> polled = records.records(tp);
            if (!polled.isEmpty()) {
                lastPolled.put(tp, polled.get(polled.size() - 1).offset());
            }
        }
        return records;
    }

    /** The offset of the last record {@code poll()} returned for the partition since it was assigned, or -1. */
    long lastPolled(TopicPartition partition) {
        return lastPolled.getOrDefault(partition, -1L);
    }

    /** Forgets partitions that were revoked or (re)assigned: what was polled before belongs to another owner. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(lastPolled::remove);
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
        if (clientId != null) {
            BY_CLIENT_ID.remove(clientId, this);
        }
    }
}
