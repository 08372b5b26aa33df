package dev.voltstream.broker.metrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The broker's counters. One instance per broker ({@code KafkaBroker.metrics()}); every method is thread-safe and
 * allocation-free on the hot path (the per-API maps are filled up front).
 */
public final class BrokerMetrics {
    private final Map<ApiKeys, LatencyHistogram> latency = new EnumMap<>(ApiKeys.class);
    private final Map<ApiKeys, LongAdder> errors = new EnumMap<>(ApiKeys.class);
    private final LongAdder requestBytes = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder recordsOut = new LongAdder();
    private final LongAdder isrShrinks = new LongAdder();
    private final LongAdder isrExpands = new LongAdder();
    private final Map<String, LongAdder> rebalances = new ConcurrentHashMap<>();

    public BrokerMetrics() {
        for (ApiKeys key : ApiKeys.values()) {
            latency.put(key, new LatencyHistogram());
            errors.put(key, new LongAdder());
        }
    }

    /** A request of {@code api} took {@code nanos} from the start of its handling to its response body. */
    public void requestCompleted(ApiKeys api, long nanos, boolean failed) {
        latency.get(api).record(nanos);
        if (failed) {
            errors.get(api).increment();
        }
    }

    public void requestReceived(int frameBytes) {
        requestBytes.add(frameBytes);
    }

    /** Record bytes and records accepted by Produce (before replication). */
    public void produced(long bytes, long records) {
        bytesIn.add(bytes);
        recordsIn.add(records);
    }

    /** Record bytes (and, where known without I/O, records) sent by Fetch. */
    public void fetched(long bytes, long records) {
        bytesOut.add(bytes);
        recordsOut.add(records);
    }

    /** For the replica manager: a partition's in-sync replica set lost a member. */
    public void isrShrunk() {
        isrShrinks.increment();
    }

    /** For the replica manager: a replica caught up and rejoined the in-sync set. */
    public void isrExpanded() {
        isrExpands.increment();
    }

    public void rebalanced(String groupId) {
        rebalances.computeIfAbsent(groupId, g -> new LongAdder()).increment();
    }

    public LatencyHistogram latency(ApiKeys api) {
        return latency.get(api);
    }

    public long errors(ApiKeys api) {
        return errors.get(api).sum();
    }

    public long requestBytes() {
        return requestBytes.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long recordsIn() {
        return recordsIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long recordsOut() {
        return recordsOut.sum();
    }

    public long isrShrinks() {
        return isrShrinks.sum();
    }

    public long isrExpands() {
        return isrExpands.sum();
    }

    /** Completed rebalances (new generations or group epochs) seen per group id. */
    public Map<String, Long> rebalances() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        rebalances.forEach((group, count) -> copy.put(group, count.sum()));
        return Collections.unmodifiableMap(copy);
    }
}
