package dev.voltstream.broker.metadata;

import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's finalized feature levels (Kafka's features, KIP-584): what ApiVersions advertises to clients and
 * UpdateFeatures ({@code kafka-features.sh upgrade|downgrade}) changes. A single node keeps them in a file, a
 * cluster in its metadata log, both written when the node or cluster is first formed. {@code transaction.version}: at 2
 * (the default, as in Kafka 4.1) the Java client (4.0+) uses transaction version 2 (KIP-890 part 2); a cluster adds
 * its metadata level ({@code voltstream.metadata.version}, which metadata records its brokers may write).
 */
public interface FinalizedFeatures {
    String TRANSACTION_VERSION = "transaction.version";
    /** The broker setting with the level a new node or cluster finalizes when it is formed. */
    String INITIAL_TRANSACTION_VERSION = "voltstream.initial.transaction.version";
    /**
     * The level a new node or cluster finalizes when it is first formed, as Kafka 4.1 does: 2 (KIP-890 part 2).
     * Written once (a single node's file, a cluster's FinalizeFeatures record) so it never changes with a setting.
     */
    short DEFAULT_TRANSACTION_VERSION = 2;
    /**
     * The level of a node or cluster formed by a release that did not write its levels at formation and never ran
     * UpdateFeatures: it ran at {@value #INITIAL_TRANSACTION_VERSION} or, unset, at 1, and keeps that.
     */
    short UNRECORDED_TRANSACTION_VERSION = 1;
    /** Every feature this broker supports, with its highest level (the lowest is 0 for all). */
    Map<String, Short> SUPPORTED = Map.of(TRANSACTION_VERSION, (short) 2);

    /** The finalized levels now. */
    Levels levels();

    /**
     * Every feature this node supports with its lowest and highest level, as ApiVersions advertises them:
     * {@link #SUPPORTED}, from level 0; a cluster adds its metadata level.
     */
    default Map<String, Range> supported() {
        Map<String, Range> all = new TreeMap<>();
        SUPPORTED.forEach((name, max) -> all.put(name, new Range((short) 0, max)));
        return all;
    }

    /**
     * Refuses {@code updates} that the node or cluster cannot take although each level is supported here (a cluster:
     * a broker that does not support it, a lowered metadata level), with Kafka's INVALID_UPDATE_VERSION.
     */
    default void validate(Map<String, Short> updates) {
    }

    /** Finalizes {@code updates} (level 0 removes the feature), durably; returns once every broker will see it. */
    void update(Map<String, Short> updates);

    /** The levels of a feature this node supports, {@code min} to {@code max}. */
    record Range(short min, short max) {
    }

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

    /** The {@code transaction.version} a new node or cluster finalizes: the setting, else 2. */
    static Map<String, Short> initial(java.util.function.Function<String, java.util.Optional<String>> config) {
        return initial(config, DEFAULT_TRANSACTION_VERSION);
    }

    /**
     * The levels of a node or cluster whose levels were never recorded (formed by an earlier release): the setting,
     * else 1.
     */
    static Map<String, Short> unrecorded(java.util.function.Function<String, java.util.Optional<String>> config) {
        return initial(config, UNRECORDED_TRANSACTION_VERSION);
    }

    private static Map<String, Short> initial(java.util.function.Function<String, java.util.Optional<String>> config,
                                              short fallback) {
        String value = config.apply(INITIAL_TRANSACTION_VERSION).map(String::trim)
                .orElse(Short.toString(fallback));
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
