package dev.voltstream.broker.cluster.quorum;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.image.BrokerRegistration;
import dev.voltstream.broker.cluster.image.MetadataCommand;

/**
 * The controller's (Raft leader's) view of broker liveness: heartbeats arrive as read-only queries and are kept in
 * memory only; a broker unheard of for {@code broker.session.timeout.ms} is fenced through the log, which moves its
 * leaderships to other ISR members. A new controller gives every broker a fresh session before judging it.
 */
final class ControllerLiveness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerLiveness.class);

    private final QuorumConfig config;
    private final Map<Integer, Long> lastSeen = new ConcurrentHashMap<>();
    private final Set<String> fencing = ConcurrentHashMap.newKeySet();
    /** When this controller first saw each registration: a new incarnation's session starts there. */
    private final Map<String, Long> registeredAt = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> task;
    private volatile MetadataQuorum quorum;
    private volatile long controllerSince = System.nanoTime();

    ControllerLiveness(QuorumConfig config, ScheduledExecutorService scheduler) {
        this.config = config;
        long period = Math.max(50, config.heartbeatIntervalMs() / 2);
        this.task = scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    void bind(MetadataQuorum quorum) {
        this.quorum = quorum;
    }

    boolean onHeartbeat(int brokerId, String incarnation) {
        lastSeen.put(brokerId, System.nanoTime());
        MetadataQuorum q = quorum;
        if (q == null) {
            return true;
        }
        BrokerRegistration b = q.image().brokers().get(brokerId);
        return b != null && !b.fenced() && b.incarnation().equals(incarnation);
    }

    void onBecameController() {
        controllerSince = System.nanoTime();
        lastSeen.clear();
        registeredAt.clear();
    }

    private void check() {
        MetadataQuorum q = quorum;
        if (q == null || !q.isController()) {
            return;
        }
        long now = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(config.sessionTimeoutMs());
        for (BrokerRegistration b : q.image().brokers().values()) {
            if (b.fenced()) {
                continue;
            }
            String key = b.id() + "/" + b.incarnation();
            long registered = registeredAt.computeIfAbsent(key, k -> now);
            long seen = Math.max(Math.max(lastSeen.getOrDefault(b.id(), controllerSince), controllerSince),
                    registered);
            if (now - seen > timeout && fencing.add(key)) {
                LOG.warn("Broker {} missed heartbeats for {} ms: fencing it", b.id(), config.sessionTimeoutMs());
                q.submit(new MetadataCommand.FenceBroker(b.id(), b.incarnation()))
                        .whenComplete((ok, e) -> {
                            fencing.remove(key);
                            if (e != null) {
                                LOG.warn("Fencing broker {} failed: {}", b.id(), e.toString());
                            }
                        });
            }
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
