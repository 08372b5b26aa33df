package dev.voltstream.broker.cluster.internal.replication;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

import org.apache.kafka.common.TopicPartition;

import dev.voltstream.broker.cluster.internal.image.BrokerEndpoint;
import dev.voltstream.broker.cluster.internal.image.BrokerRegistration;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicationThrottles;
import dev.voltstream.broker.security.InterBrokerSecurity;

/**
 * Which leader each followed partition is fetched from: one {@link ReplicaFetcher} thread per leader broker, started
 * when the first partition follows it and stopped when the last one leaves.
 */
public final class FetcherManager implements AutoCloseable {
    private final int localId;
    private final int maxWaitMs;
    private final ReplicationThrottles throttles;
    private final InterBrokerSecurity security;
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private SortedMap<Integer, BrokerRegistration> brokers = new java.util.TreeMap<>();

    public FetcherManager(int localId, int maxWaitMs, ReplicationThrottles throttles, InterBrokerSecurity security) {
        this.localId = localId;
        this.security = security;
        this.maxWaitMs = maxWaitMs;
        this.throttles = throttles;
    }

    /** Fetches {@code partition} from {@code leaderId} at {@code leaderEpoch}, truncating first on a new epoch. */
    public synchronized void follow(Partition partition, int leaderId, int leaderEpoch) {
        TopicPartition tp = partition.topicPartition();
        ReplicaFetcher current = fetchers.get(leaderId);
        if (current != null) {
            FollowedPartition followed = current.get(tp);
            if (followed != null && followed.leaderEpoch == leaderEpoch && followed.partition == partition) {
                return;
            }
        }
        unfollow(tp);
        BrokerEndpoint leader = interBrokerEndpoint(brokers.get(leaderId));
        if (leader == null) {
            return;
        }
        ReplicaFetcher fetcher = fetchers.computeIfAbsent(leaderId,
                id -> new ReplicaFetcher(localId, id, leader.host(), leader.port(), maxWaitMs, throttles,
                        security));
        fetcher.add(new FollowedPartition(partition, leaderEpoch));
    }

    public synchronized void unfollow(TopicPartition tp) {
        for (var it = fetchers.entrySet().iterator(); it.hasNext(); ) {
            ReplicaFetcher fetcher = it.next().getValue();
            fetcher.remove(tp);
            if (fetcher.isEmpty()) {
                fetcher.shutdown();
                it.remove();
            }
        }
    }

    /** New registrations may carry new addresses (a restarted broker on another port). */
    public synchronized void brokersChanged(SortedMap<Integer, BrokerRegistration> newBrokers) {
        this.brokers = newBrokers;
        fetchers.forEach((id, fetcher) -> {
            BrokerEndpoint b = interBrokerEndpoint(newBrokers.get(id));
            if (b != null) {
                fetcher.address(b.host(), b.port());
            }
        });
    }

    /** Where a leader is fetched from: its endpoint of the inter-broker listener; null without one. */
    private BrokerEndpoint interBrokerEndpoint(BrokerRegistration broker) {
        String listener = security.listenerName();
        return broker == null ? null : broker.endpoint(listener, listener).orElse(null);
    }

    @Override
    public synchronized void close() {
        fetchers.values().forEach(ReplicaFetcher::shutdown);
        fetchers.clear();
    }
}
