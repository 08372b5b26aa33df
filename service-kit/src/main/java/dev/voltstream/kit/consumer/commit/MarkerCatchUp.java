package dev.voltstream.kit.consumer.commit;

import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.mutiny.core.Vertx;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Map;

/**
 * Runs {@link MarkerSkippingCommits#catchUp} every commit interval on the polling thread and commits what it finds;
 * keeps the partition state right on assignment and revocation (both called on the polling thread).
 */
final class MarkerCatchUp {
    private static final Logger LOG = Logger.getLogger(MarkerCatchUp.class);

    private final Vertx vertx;
    private final KafkaConsumer<?, ?> consumer;
    private final MarkerSkippingCommits markers;
    private final int intervalMs;
    private volatile long timerId = -1;
    private volatile boolean stopped;

    MarkerCatchUp(Vertx vertx, KafkaConsumer<?, ?> consumer, MarkerSkippingCommits markers, int intervalMs) {
        this.vertx = vertx;
        this.consumer = consumer;
        this.markers = markers;
        this.intervalMs = intervalMs;
    }

    void assigned(Collection<TopicPartition> partitions) {
        markers.reset(partitions);
        if (timerId < 0 && !stopped && vertx != null) {
            timerId = vertx.setPeriodic(intervalMs, id -> catchUp());
        }
    }

    void revoked(Collection<TopicPartition> partitions) {
        markers.reset(partitions);
    }

    void stop() {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void catchUp() {
        if (stopped) {
            return;
        }
        consumer.runOnPollingThread(c -> {
            Map<TopicPartition, OffsetAndMetadata> past = markers.catchUp(c);
            if (!past.isEmpty()) {
                c.commitSync(past);
                markers.committed(past);
                LOG.debugf("committed past transaction markers: %s", past);
            }
        }).subscribe().with(done -> {
        }, failure -> LOG.debugf("committing past transaction markers failed (tried again in %d ms): %s",
                intervalMs, failure.toString()));
    }
}
