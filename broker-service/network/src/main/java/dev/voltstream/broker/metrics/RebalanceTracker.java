package dev.voltstream.broker.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts a rebalance each time a group reaches a higher generation (classic JoinGroup) or member epoch (KIP-848
 * heartbeat) than any response of that group has shown before: every member sees the same new generation, so each is
 * counted once.
 */
final class RebalanceTracker {
    private final BrokerMetrics metrics;
    private final Map<String, Integer> highest = new ConcurrentHashMap<>();

    RebalanceTracker(BrokerMetrics metrics) {
        this.metrics = metrics;
    }

    void generation(String groupId, int generation) {
        if (generation <= 0) {
            return;
        }
        boolean[] raised = {false};
        highest.compute(groupId, (group, old) -> {
            if (old == null || generation > old) {
                raised[0] = true;
                return generation;
            }
            return old;
        });
        if (raised[0]) {
            metrics.rebalanced(groupId);
        }
    }
}
