package dev.voltstream.kit.consumer.commit;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.ContextHolder;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.vertx.mutiny.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * The connector's {@code throttled} commit strategy (commit the latest offset processed in sequence, every
 * {@code auto.commit.interval.ms}) without its race with a rebalance: the periodic commit is chosen on the event loop
 * and run later on the polling thread, so one chosen just before a revocation can run after the revocation's own,
 * newer commit and move the partition's committed offset back — for good, when its new owner starts past those records
 * and has nothing more to commit (seen in {@code ScaleOutE2EIT}: {@code station-status-3} revoked with 39 committed,
 * then the stale 37, lag 2 forever; the classic group protocol accepts a member's commit for any partition). Here a
 * periodic commit leaves out the partitions revoked since it was chosen: the revocation already committed everything
 * processed, and anything it did not is delivered again to the new owner (at-least-once, as before).
 * <p>
 * It also commits past transaction markers ({@link MarkerSkippingCommits}): consumers of topics written in transactions
 * would otherwise keep a lag of 1 per partition at rest.
 * <p>
 * Use it with {@code mp.messaging.connector.smallrye-kafka.commit-strategy=fenced-throttled}; the consumers of such
 * channels get the {@link PolledOffsets} interceptor ({@link PolledOffsetsCustomizer}).
 */
@ApplicationScoped
@Identifier(FencedThrottledCommit.STRATEGY)
public class FencedThrottledCommit implements KafkaCommitHandler.Factory {
    public static final String STRATEGY = "fenced-throttled";

    private final KafkaCommitHandler.Factory throttled;

    public FencedThrottledCommit(@Identifier(KafkaCommitHandler.Strategy.THROTTLED) KafkaCommitHandler.Factory throttled) {
        this.throttled = throttled;
    }

    @Override
    public KafkaCommitHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                     KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        RevocationFence fence = new RevocationFence();
        Object clientId = consumer.configuration().get(ConsumerConfig.CLIENT_ID_CONFIG);
        MarkerSkippingCommits markers = new MarkerSkippingCommits(() -> PolledOffsets.of(clientId));
        KafkaCommitHandler handler = throttled.create(config, vertx, new FencedConsumer<>(consumer, fence, markers),
                reportFailure);
        int interval = config.config().getOptionalValue(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, Integer.class)
                .orElse(5000);
        return new Fenced(vertx, handler, fence, new MarkerCatchUp(vertx, consumer, markers, interval));
    }

    /**
     * The throttled handler, telling the fence about each revocation once the handler committed for it. A
     * {@link ContextHolder} only because the connector hands its event-loop context to commit handlers that are one;
     * it is passed on to the throttled handler, which needs it.
     */
    static final class Fenced extends ContextHolder implements KafkaCommitHandler {
        private final KafkaCommitHandler handler;
        private final RevocationFence fence;
        private final MarkerCatchUp markers;

        Fenced(Vertx vertx, KafkaCommitHandler handler, RevocationFence fence) {
            this(vertx, handler, fence, null);
        }

        Fenced(Vertx vertx, KafkaCommitHandler handler, RevocationFence fence, MarkerCatchUp markers) {
            super(vertx, handler instanceof ContextHolder holder ? holder.getTimeoutInMillis() : 60_000);
            this.handler = handler;
            this.fence = fence;
            this.markers = markers;
        }

        @Override
        public void capture(Context context) {
            super.capture(context);
            if (handler instanceof ContextHolder holder) {
                holder.capture(context);
            }
        }

        @Override
        public void capture(io.vertx.core.Context context) {
            super.capture(context);
            if (handler instanceof ContextHolder holder) {
                holder.capture(context);
            }
        }

        @Override
        public <K, V> Multi<IncomingKafkaRecord<K, V>> decorateStream(Multi<IncomingKafkaRecord<K, V>> stream) {
            return handler.decorateStream(stream);
        }

        @Override
        public <K, V> Uni<IncomingKafkaRecord<K, V>> received(IncomingKafkaRecord<K, V> record) {
            return handler.received(record);
        }

        @Override
        public void terminate(boolean graceful) {
            if (markers != null) {
                markers.stop();
            }
            handler.terminate(graceful);
        }

        @Override
        public void partitionsAssigned(Collection<TopicPartition> partitions) {
            if (markers != null) {
                markers.assigned(partitions);
            }
            handler.partitionsAssigned(partitions);
        }

        /**
         * Called on the polling thread: the throttled handler commits what was processed, then the fence drops every
         * periodic commit chosen before — those queued for the polling thread run only after this poll returns.
         */
        @Override
        public void partitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                handler.partitionsRevoked(partitions);
            } finally {
                fence.revoked(partitions);
                if (markers != null) {
                    markers.revoked(partitions);
                }
            }
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            return handler.handle(record);
        }
    }
}
