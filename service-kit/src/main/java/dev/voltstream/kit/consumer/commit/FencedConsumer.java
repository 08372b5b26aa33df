package dev.voltstream.kit.consumer.commit;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The connector's consumer, except that {@link #commit} leaves out the partitions revoked between the call and the
 * moment the commit runs on the polling thread (see {@link FencedThrottledCommit}) and commits past transaction
 * markers where nothing else lies in between ({@link MarkerSkippingCommits}). Everything else is passed on.
 */
final class FencedConsumer<K, V> implements KafkaConsumer<K, V> {
    private static final Logger LOG = Logger.getLogger(FencedConsumer.class);

    private final KafkaConsumer<K, V> delegate;
    private final RevocationFence fence;
    private final MarkerSkippingCommits markers;

    FencedConsumer(KafkaConsumer<K, V> delegate, RevocationFence fence) {
        this(delegate, fence, new MarkerSkippingCommits(() -> null));
    }

    FencedConsumer(KafkaConsumer<K, V> delegate, RevocationFence fence, MarkerSkippingCommits markers) {
        this.delegate = delegate;
        this.fence = fence;
        this.markers = markers;
    }

    @Override
    public Uni<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        long chosenAt = fence.now();
        return delegate.runOnPollingThread(consumer -> {
            Map<TopicPartition, OffsetAndMetadata> owned = fence.stillOwned(offsets, chosenAt);
            if (owned.size() < offsets.size()) {
                LOG.debugf("not committing %s: revoked since (its revocation committed what was processed)",
                        offsets.keySet().stream().filter(tp -> !owned.containsKey(tp)).sorted(
                                java.util.Comparator.comparing(TopicPartition::toString)).toList());
            }
            if (!owned.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> past = markers.adjust(owned, consumer);
                consumer.commitSync(past);
                markers.committed(past);
            }
        });
    }

    @Override
    public Map<String, ?> configuration() {
        return delegate.configuration();
    }

    @Override
    public <R> Uni<R> runOnPollingThread(Function<Consumer<K, V>, R> action) {
        return delegate.runOnPollingThread(action);
    }

    @Override
    public Uni<Void> runOnPollingThread(java.util.function.Consumer<Consumer<K, V>> action) {
        return delegate.runOnPollingThread(action);
    }

    @Override
    public Uni<Set<TopicPartition>> pause() {
        return delegate.pause();
    }

    @Override
    public Uni<Set<TopicPartition>> paused() {
        return delegate.paused();
    }

    @Override
    public Uni<Map<TopicPartition, OffsetAndMetadata>> committed(TopicPartition... partitions) {
        return delegate.committed(partitions);
    }

    @Override
    public Uni<Void> resume() {
        return delegate.resume();
    }

    @Override
    public Consumer<K, V> unwrap() {
        return delegate.unwrap();
    }

    @Override
    public Uni<Void> commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return delegate.commitAsync(offsets);
    }

    @Override
    public Uni<Map<TopicPartition, Long>> getPositions() {
        return delegate.getPositions();
    }

    @Override
    public Uni<Set<TopicPartition>> getAssignments() {
        return delegate.getAssignments();
    }

    @Override
    public Uni<Void> seek(TopicPartition partition, long offset) {
        return delegate.seek(partition, offset);
    }

    @Override
    public Uni<Void> seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        return delegate.seek(partition, offsetAndMetadata);
    }

    @Override
    public Uni<Void> seekToBeginning(Collection<TopicPartition> partitions) {
        return delegate.seekToBeginning(partitions);
    }

    @Override
    public Uni<Void> seekToEnd(Collection<TopicPartition> partitions) {
        return delegate.seekToEnd(partitions);
    }

    @Override
    public Uni<ConsumerGroupMetadata> consumerGroupMetadata() {
        return delegate.consumerGroupMetadata();
    }

    @Override
    public Uni<Void> resetToLastCommittedPositions() {
        return delegate.resetToLastCommittedPositions();
    }

    @Override
    public Uni<Map<String, List<PartitionInfo>>> lisTopics() {
        return delegate.lisTopics();
    }

    @Override
    public Uni<Map<String, List<PartitionInfo>>> lisTopics(Duration timeout) {
        return delegate.lisTopics(timeout);
    }

    @Override
    public Uni<List<PartitionInfo>> partitionsFor(String topic) {
        return delegate.partitionsFor(topic);
    }
}
