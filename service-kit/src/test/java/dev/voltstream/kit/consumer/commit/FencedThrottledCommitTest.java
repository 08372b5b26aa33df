package dev.voltstream.kit.consumer.commit;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.ContextHolder;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The race {@link FencedThrottledCommit} closes, replayed step by step: a periodic commit chosen on the event loop
 * waits for the polling thread, which meanwhile runs a rebalance whose revocation commits newer offsets.
 */
class FencedThrottledCommitTest {
    private static final TopicPartition P3 = new TopicPartition("station-status", 3);
    private static final TopicPartition P4 = new TopicPartition("station-status", 4);

    /** The polling thread, busy in poll(): what is queued for it runs when {@link #pollReturns()} is called. */
    private final Queue<java.util.function.Consumer<Consumer<String, String>>> pollingThread = new ArrayDeque<>();
    private final MockConsumer<String, String> kafka = new MockConsumer<>("earliest");
    private final RevocationFence fence = new RevocationFence();
    private final FencedConsumer<String, String> consumer = new FencedConsumer<>(pollingThreadOf(kafka), fence);
    /** What the throttled handler does on revocation: commit what was processed, synchronously. */
    private final List<Map<TopicPartition, OffsetAndMetadata>> revocationCommits = new ArrayList<>();
    private final FencedThrottledCommit.Fenced handler = new FencedThrottledCommit.Fenced(null,
            new RevocationCommits(), fence);

    {
        kafka.assign(List.of(P3, P4)); // MockConsumer reports committed offsets of assigned partitions only
    }

    @Test
    void theConnectorsContextReachesTheThrottledHandler() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            ContextHandler throttled = new ContextHandler();
            new FencedThrottledCommit.Fenced(null, throttled, fence).capture(vertx.getOrCreateContext());
            assertThat(throttled.getContext()).isNotNull();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** A commit handler that, like the throttled one, needs the connector's context. */
    private static final class ContextHandler extends ContextHolder implements KafkaCommitHandler {
        ContextHandler() {
            super(null, 1000);
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            return Uni.createFrom().voidItem();
        }
    }

    @Test
    void aPeriodicCommitChosenBeforeTheRevocationLeavesTheRevokedPartitionAlone() {
        consumer.commit(Map.of(P3, offset(37), P4, offset(46))).await().indefinitely();
        revokeWithCommit(Map.of(P3, offset(39)), P3);
        pollReturns();

        assertThat(kafka.committed(Set.of(P3, P4))).containsEntry(P3, offset(39)).containsEntry(P4, offset(46));
    }

    @Test
    void withoutTheFenceTheStaleCommitWouldWin() {
        KafkaConsumer<String, String> unfenced = pollingThreadOf(kafka);
        unfenced.runOnPollingThread(c -> {
            c.commitSync(Map.of(P3, offset(37)));
        }).await().indefinitely();
        kafka.commitSync(Map.of(P3, offset(39)));
        pollReturns();

        assertThat(kafka.committed(Set.of(P3))).containsEntry(P3, offset(37));
    }

    @Test
    void aCommitChosenAfterTheRevocationGoesThrough() {
        revokeWithCommit(Map.of(P3, offset(39)), P3);
        handler.partitionsAssigned(List.of(P3));
        consumer.commit(Map.of(P3, offset(41))).await().indefinitely();
        pollReturns();

        assertThat(kafka.committed(Set.of(P3))).containsEntry(P3, offset(41));
    }

    @Test
    void revokingOtherPartitionsKeepsThePeriodicCommit() {
        consumer.commit(Map.of(P4, offset(46))).await().indefinitely();
        revokeWithCommit(Map.of(), P3);
        pollReturns();

        assertThat(kafka.committed(Set.of(P4))).containsEntry(P4, offset(46));
    }

    private void revokeWithCommit(Map<TopicPartition, OffsetAndMetadata> processed,
                                  TopicPartition... revoked) {
        revocationCommits.add(processed);
        handler.partitionsRevoked(List.of(revoked));
    }

    private void pollReturns() {
        while (!pollingThread.isEmpty()) {
            pollingThread.poll().accept(kafka);
        }
    }

    private static OffsetAndMetadata offset(long offset) {
        return new OffsetAndMetadata(offset);
    }

    /** The throttled handler's revocation: a synchronous commit of what was processed, on the polling thread. */
    private final class RevocationCommits implements KafkaCommitHandler {
        @Override
        public void partitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> processed = revocationCommits.remove(0);
            if (!processed.isEmpty()) {
                kafka.commitSync(processed);
            }
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            return Uni.createFrom().voidItem();
        }
    }

    /** A connector consumer whose polling-thread actions wait in {@link #pollingThread}; nothing else is used. */
    @SuppressWarnings("unchecked")
    private KafkaConsumer<String, String> pollingThreadOf(MockConsumer<String, String> kafka) {
        return (KafkaConsumer<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KafkaConsumer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("runOnPollingThread")
                            && args[0] instanceof java.util.function.Consumer<?> action) {
                        pollingThread.add((java.util.function.Consumer<Consumer<String, String>>) action);
                        return Uni.createFrom().voidItem();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
