package dev.voltstream.broker.cluster.internal.image;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;

import dev.voltstream.broker.metadata.PartitionState;

/**
 * One immutable version of the cluster metadata, as of the Raft log index {@code offset}. Every broker holds the same
 * sequence of images because every broker applies the same log. {@code acls} are the cluster's ACLs (AlterAcls),
 * {@code features} its finalized feature levels (FinalizeFeatures; empty until the first UpdateFeatures), {@code scram}
 * its SCRAM credentials (AlterScramCredentials), {@code quotas} its client quotas (AlterClientQuotas) and
 * {@code brokerFeatures} the last BrokerFeatures record of each broker id (what it supports counts only for the
 * incarnation that wrote it, see {@link #supported}).
 */
public record ClusterImage(long offset, SortedMap<Integer, BrokerRegistration> brokers,
                           SortedMap<String, TopicImage> topics, SortedMap<String, Map<String, String>> brokerConfigs,
                           Set<AclBinding> acls, SortedMap<String, Short> features, ScramImage scram,
                           QuotaImage quotas, SortedMap<Integer, MetadataCommand.BrokerFeatures> brokerFeatures) {
    public static final ClusterImage EMPTY = new ClusterImage(0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    /** An image without ACLs. */
    public ClusterImage(long offset, SortedMap<Integer, BrokerRegistration> brokers,
                        SortedMap<String, TopicImage> topics, SortedMap<String, Map<String, String>> brokerConfigs) {
        this(offset, brokers, topics, brokerConfigs, Set.of());
    }

    /** An image without finalized features. */
    public ClusterImage(long offset, SortedMap<Integer, BrokerRegistration> brokers,
                        SortedMap<String, TopicImage> topics, SortedMap<String, Map<String, String>> brokerConfigs,
                        Set<AclBinding> acls) {
        this(offset, brokers, topics, brokerConfigs, acls, new TreeMap<>());
    }

    /** An image without SCRAM credentials and client quotas. */
    public ClusterImage(long offset, SortedMap<Integer, BrokerRegistration> brokers,
                        SortedMap<String, TopicImage> topics, SortedMap<String, Map<String, String>> brokerConfigs,
                        Set<AclBinding> acls, SortedMap<String, Short> features) {
        this(offset, brokers, topics, brokerConfigs, acls, features, ScramImage.EMPTY, QuotaImage.EMPTY);
    }

    /** An image without the brokers' supported features. */
    public ClusterImage(long offset, SortedMap<Integer, BrokerRegistration> brokers,
                        SortedMap<String, TopicImage> topics, SortedMap<String, Map<String, String>> brokerConfigs,
                        Set<AclBinding> acls, SortedMap<String, Short> features, ScramImage scram, QuotaImage quotas) {
        this(offset, brokers, topics, brokerConfigs, acls, features, scram, quotas, new TreeMap<>());
    }

    public ClusterImage {
        brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
        topics = Collections.unmodifiableSortedMap(new TreeMap<>(topics));
        SortedMap<String, Map<String, String>> configs = new TreeMap<>();
        brokerConfigs.forEach((resource, values) -> configs.put(resource, Map.copyOf(values)));
        brokerConfigs = Collections.unmodifiableSortedMap(configs);
        acls = Collections.unmodifiableSet(new LinkedHashSet<>(acls));
        features = Collections.unmodifiableSortedMap(new TreeMap<>(features));
        scram = scram == null ? ScramImage.EMPTY : scram;
        quotas = quotas == null ? QuotaImage.EMPTY : quotas;
        // The last each broker id wrote; it counts only for the incarnation that wrote it (see supported).
        brokerFeatures = Collections.unmodifiableSortedMap(new TreeMap<>(brokerFeatures == null ? Map.of()
                : brokerFeatures));
    }

    /** The cluster's finalized {@link MetadataVersions#FEATURE}: 1 until its log records one. */
    public short metadataLevel() {
        return MetadataVersions.finalized(features);
    }

    /**
     * The levels of {@code feature} registered broker {@code id} supports: what its current incarnation wrote in a
     * BrokerFeatures record (0-0 for a feature it did not name), else — a broker that writes none, as 0.1.0, or a
     * restart on such a release — only level 1 of the metadata level, and null (not known) for other features.
     */
    public MetadataCommand.FeatureRange supported(int id, String feature) {
        MetadataCommand.BrokerFeatures f = brokerFeatures.get(id);
        BrokerRegistration b = brokers.get(id);
        if (f != null && b != null && f.incarnation().equals(b.incarnation())) {
            return f.supported().getOrDefault(feature, new MetadataCommand.FeatureRange((short) 0, (short) 0));
        }
        return feature.equals(MetadataVersions.FEATURE)
                ? new MetadataCommand.FeatureRange(MetadataVersions.MINIMUM, MetadataVersions.MINIMUM) : null;
    }

    /**
     * The dynamic configs of a broker resource, as AlterConfigs names it: a broker id, or {@code ""} for the
     * cluster-wide default. Empty when there are none.
     */
    public Map<String, String> brokerConfigs(String resource) {
        return brokerConfigs.getOrDefault(resource, Map.of());
    }

    public Optional<PartitionState> partition(TopicPartition tp) {
        TopicImage topic = topics.get(tp.topic());
        if (topic == null || tp.partition() < 0 || tp.partition() >= topic.partitions().size()) {
            return Optional.empty();
        }
        return Optional.of(topic.partitions().get(tp.partition()));
    }

    public boolean alive(int brokerId) {
        return BrokerRegistration.isAlive(brokers, brokerId);
    }

    public long aliveCount() {
        return brokers.values().stream().filter(b -> !b.fenced()).count();
    }

    ClusterImage with(long newOffset, Map<Integer, BrokerRegistration> newBrokers, Map<String, TopicImage> newTopics) {
        return new ClusterImage(newOffset, new TreeMap<>(newBrokers), new TreeMap<>(newTopics), brokerConfigs, acls,
                features, scram, quotas, brokerFeatures);
    }

    ClusterImage withBrokerConfigs(long newOffset, String resource, Map<String, String> configs) {
        SortedMap<String, Map<String, String>> copy = new TreeMap<>(brokerConfigs);
        if (configs.isEmpty()) {
            copy.remove(resource);
        } else {
            copy.put(resource, configs);
        }
        return new ClusterImage(newOffset, brokers, topics, copy, acls, features, scram, quotas, brokerFeatures);
    }

    /** The ACLs after {@code created} are added and {@code deleted} removed (AlterAcls). */
    ClusterImage withAcls(long newOffset, Collection<AclBinding> created, Collection<AclBinding> deleted) {
        Set<AclBinding> next = new LinkedHashSet<>(acls);
        next.removeAll(deleted);
        next.addAll(created);
        return new ClusterImage(newOffset, brokers, topics, brokerConfigs, next, features, scram, quotas,
                brokerFeatures);
    }

    /**
     * The finalized features after {@code levels} are set. A level 0 (a removed feature) is kept, so it is not
     * mistaken for a feature never finalized, which the brokers start at their initial level.
     */
    ClusterImage withFeatures(long newOffset, Map<String, Short> levels) {
        SortedMap<String, Short> next = new TreeMap<>(features);
        next.putAll(levels);
        return new ClusterImage(newOffset, brokers, topics, brokerConfigs, acls, next, scram, quotas, brokerFeatures);
    }

    /** The SCRAM credentials after {@code changes} (AlterScramCredentials). */
    ClusterImage withScram(long newOffset, java.util.List<MetadataCommand.ScramChange> changes) {
        return new ClusterImage(newOffset, brokers, topics, brokerConfigs, acls, features, scram.apply(changes),
                quotas, brokerFeatures);
    }

    /** The client quotas after {@code changes} (AlterClientQuotas). */
    ClusterImage withQuotas(long newOffset, java.util.List<MetadataCommand.QuotaChange> changes) {
        return new ClusterImage(newOffset, brokers, topics, brokerConfigs, acls, features, scram,
                quotas.apply(changes), brokerFeatures);
    }

    /** The features {@code f}'s broker supports, if {@code f} is from its current incarnation. */
    ClusterImage withBrokerFeatures(long newOffset, MetadataCommand.BrokerFeatures f) {
        SortedMap<Integer, MetadataCommand.BrokerFeatures> next = new TreeMap<>(brokerFeatures);
        next.put(f.id(), f);
        return new ClusterImage(newOffset, brokers, topics, brokerConfigs, acls, features, scram, quotas, next);
    }
}
