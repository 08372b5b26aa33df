package dev.voltstream.broker.group;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The group coordinator's settings, under Kafka's broker property names and with Kafka's defaults.
 *
 * @param initialRebalanceDelayMs     {@code group.initial.rebalance.delay.ms}: how long the first join of an empty
 *                                    group waits for more members
 * @param minSessionTimeoutMs         {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs         {@code group.max.session.timeout.ms}
 * @param maxGroupSize                {@code group.max.size}
 * @param offsetsRetentionMs          {@code offsets.retention.minutes}: offsets of an empty group live this long
 * @param offsetsRetentionCheckMs     {@code offsets.retention.check.interval.ms}
 * @param offsetMetadataMaxBytes      {@code offset.metadata.max.bytes}
 * @param consumerHeartbeatIntervalMs {@code group.consumer.heartbeat.interval.ms} (KIP-848)
 * @param consumerSessionTimeoutMs    {@code group.consumer.session.timeout.ms} (KIP-848)
 * @param consumerAssignors           {@code group.consumer.assignors}: server-side assignors, the first is the default
 * @param offsetsCommitTimeoutMs      {@code offsets.commit.timeout.ms}: how long a coordinator write waits for
 *                                    replication before failing with COORDINATOR_NOT_AVAILABLE
 * @param tickMs                      how often timers (session, rebalance, join delay) are checked
 * @param consumerMaxSize             {@code group.consumer.max.size} (KIP-848 groups)
 */
public record GroupConfig(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                          int maxGroupSize, long offsetsRetentionMs, long offsetsRetentionCheckMs,
                          int offsetMetadataMaxBytes, int consumerHeartbeatIntervalMs, int consumerSessionTimeoutMs,
                          List<String> consumerAssignors, long offsetsCommitTimeoutMs, long tickMs,
                          int consumerMaxSize) {

    public static GroupConfig from(BrokerConfig c) {
        List<String> assignors = Arrays.stream(c.getString("group.consumer.assignors", "uniform,range").split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(GroupConfig::assignorName).toList();
        return new GroupConfig(
                c.getInt("group.initial.rebalance.delay.ms", 3000),
                c.getInt("group.min.session.timeout.ms", 6000),
                c.getInt("group.max.session.timeout.ms", 1_800_000),
                c.getInt("group.max.size", Integer.MAX_VALUE),
                TimeUnit.MINUTES.toMillis(c.getLong("offsets.retention.minutes", 10080)),
                c.getLong("offsets.retention.check.interval.ms", 600_000),
                c.getInt("offset.metadata.max.bytes", 4096),
                c.getInt("group.consumer.heartbeat.interval.ms", 5000),
                c.getInt("group.consumer.session.timeout.ms", 45_000),
                assignors.isEmpty() ? List.of("uniform") : assignors,
                c.getLong("offsets.commit.timeout.ms", 5000),
                100,
                c.getInt("group.consumer.max.size", Integer.MAX_VALUE));
    }

    /** Kafka accepts the short names and the class names of its own assignors. */
    private static String assignorName(String configured) {
        String simple = configured.substring(configured.lastIndexOf('.') + 1).toLowerCase();
        if (simple.startsWith("range")) {
            return "range";
        }
        if (simple.startsWith("uniform")) {
            return "uniform";
        }
        throw new IllegalArgumentException("Unknown group.consumer.assignors entry '" + configured
                + "': this broker has 'uniform' and 'range'");
    }
}
