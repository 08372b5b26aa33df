package dev.voltstream.broker.metadata;

import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's finalized feature levels (Kafka's features, KIP-584): what ApiVersions advertises to clients and
 * UpdateFeatures ({@code kafka-features.sh upgrade|downgrade}) changes. A single node keeps them in a file, a
 * cluster in its metadata log. The only feature so far is {@code transaction.version}: at 2 the Java client (4.0+)
 * uses transaction version 2 (KIP-890 part 2).
 */
public interface FinalizedFeatures {
    String TRANSACTION_VERSION = "transaction.version";
    /** The broker setting with the level a new node or cluster starts with when none was finalized yet. */
    String INITIAL_TRANSACTION_VERSION = "voltstream.initial.transaction.version";
    /**
     * 1, not Kafka 4.1's 2 for new clusters: TransactionFailoverIT with 2 once showed an aborted transaction visible
     * to read_committed in a cluster (see docs/architecture.md#transactions); version 2 is there through
     * UpdateFeatures.
     */
    short DEFAULT_TRANSACTION_VERSION = 1;
    /** Every feature this broker supports, with its highest level (the lowest is 0 for all). */
    Map<String, Short> SUPPORTED = Map.of(TRANSACTION_VERSION, (short) 2);

    /** The finalized levels now. */
    Levels levels();

    /** Finalizes {@code updates} (level 0 removes the feature), durably; returns once every broker will see it. */
    void update(Map<String, Short> updates);

    /**
     * Finalized levels (features at level 0 left out, as Kafka does) and their epoch, which grows with every change
     * (a client keeps the levels of the highest epoch it has seen).
     */
    record Levels(Map<String, Short> finalized, long epoch) {
        public Levels {
            Map<String, Short> copy = new TreeMap<>();
            finalized.forEach((feature, level) -> {
                if (level > 0) {
                    copy.put(feature, level);
                }
            });
            finalized = Map.copyOf(copy);
        }

        public short level(String feature) {
            return finalized.getOrDefault(feature, (short) 0);
        }

        /** These levels with {@code updates} applied. */
        public Map<String, Short> with(Map<String, Short> updates) {
            Map<String, Short> next = new TreeMap<>(finalized);
            next.putAll(updates);
            return next;
        }
    }

    /** The initial {@code transaction.version} from {@link #INITIAL_TRANSACTION_VERSION} (default 1). */
    static Map<String, Short> initial(java.util.function.Function<String, java.util.Optional<String>> config) {
        String value = config.apply(INITIAL_TRANSACTION_VERSION).map(String::trim)
                .orElse(Short.toString(DEFAULT_TRANSACTION_VERSION));
        short level;
        try {
            level = Short.parseShort(value);
        } catch (NumberFormatException e) {
            level = -1;
        }
        if (level < 0 || level > SUPPORTED.get(TRANSACTION_VERSION)) {
            throw new IllegalArgumentException(INITIAL_TRANSACTION_VERSION + "=" + value + " is not a supported "
                    + TRANSACTION_VERSION + " (0 to " + SUPPORTED.get(TRANSACTION_VERSION) + ")");
        }
        return Map.of(TRANSACTION_VERSION, level);
    }
}
