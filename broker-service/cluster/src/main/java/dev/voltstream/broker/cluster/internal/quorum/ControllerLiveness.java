package dev.voltstream.broker.cluster.internal.quorum;

import dev.voltstream.broker.cluster.QuorumConfig;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.BrokerRegistration;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;

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
    /** The controller this one replaced, not heard from since (-1: none). */
    private volatile int suspect = -1;
    /** The Raft term of the leadership {@link #onBecameController} set this up for (-1: none). */
    private volatile long judgingTerm = -1;

    ControllerLiveness(QuorumConfig config, ScheduledExecutorService scheduler) {
        this.config = config;
        long period = Math.max(50, config.heartbeatIntervalMs() / 2);
        this.task = scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    void bind(MetadataQuorum quorum) {
        this.quorum = quorum;
    }

    HeartbeatAnswer onHeartbeat(int brokerId, String incarnation) {
        lastSeen.put(brokerId, System.nanoTime());
        MetadataQuorum q = quorum;
        if (q == null) {
            return HeartbeatAnswer.NOT_REGISTERED_YET;
        }
        return HeartbeatAnswer.of(q.image(), brokerId, incarnation);
    }

    /**
     * Every broker gets a fresh session, except the controller we replace: a majority of voters stopped hearing from
     * it (that is what made them elect us), so unless it heartbeats within {@link #suspectGraceMs} it is fenced
     * without waiting out a whole session — its leaderships move a session timeout sooner.
     */
    void onBecameController(int previousController, long term) {
        controllerSince = System.nanoTime();
        lastSeen.clear();
        registeredAt.clear();
        suspect = previousController == config.nodeId() ? -1 : previousController;
        judgingTerm = term;
    }

    /** Two heartbeat intervals, at least a second, at most a session. */
    long suspectGraceMs() {
        return Math.min(config.sessionTimeoutMs(), Math.max(1000, 2 * config.heartbeatIntervalMs()));
    }

    private void check() {
        MetadataQuorum q = quorum;
        if (q == null) {
            return;
        }
        long term = q.leaderTerm();
        if (term < 0) {
            return;
        }
        // Judge only with sessions started in this term: a node that leads again in a new term is told (by
        // onBecameController) a moment after Raft says it leads, and until then it holds the heartbeat times of its
        // previous term — the chaos soak saw a healthy broker fenced that way, right as the controller was
        // re-elected. A term not announced yet (or never: a leadership won while the quorum was starting) starts
        // fresh sessions here.
        if (term != judgingTerm) {
            onBecameController(config.nodeId(), term);
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
            long allowed = b.id() == suspect && !lastSeen.containsKey(b.id())
                    ? TimeUnit.MILLISECONDS.toNanos(suspectGraceMs()) : timeout;
            if (now - seen > allowed && fencing.add(key)) {
                LOG.warn("Broker {} missed heartbeats for {} ms: fencing it", b.id(),
                        TimeUnit.NANOSECONDS.toMillis(allowed));
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
