package dev.voltstream.broker.cluster.internal.image;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;

/** A change to the cluster metadata, as written to the Raft log. Validated and applied by {@link MetadataApplier}. */
public sealed interface MetadataCommand {

    /** A broker (re)starts: registered and unfenced; a new incarnation first loses what the old one led. */
    record RegisterBroker(int id, List<BrokerEndpoint> endpoints, String rack, String incarnation)
            implements MetadataCommand {
        public RegisterBroker {
            endpoints = List.copyOf(endpoints);
        }

        /** One unnamed endpoint: the registration of a broker of a release before several listeners (version 0). */
        public RegisterBroker(int id, String host, int port, String rack, String incarnation) {
            this(id, List.of(BrokerEndpoint.legacy(host, port)), rack, incarnation);
        }
    }

    /** The controller saw no heartbeat for the session timeout (or the broker shuts down): leaderships move away. */
    record FenceBroker(int id, String incarnation) implements MetadataCommand {
    }

    /**
     * Creates a topic. Without {@code assignments} (empty) replicas are placed on the alive brokers when the command is
     * applied; with them, partition i gets exactly {@code assignments.get(i)}, its first replica leading.
     */
    record CreateTopic(String name, Uuid id, int partitions, int replicationFactor, Map<String, String> configs,
                       List<List<Integer>> assignments) implements MetadataCommand {
        public CreateTopic {
            assignments = assignments.stream().map(List::copyOf).toList();
        }

        public CreateTopic(String name, Uuid id, int partitions, int replicationFactor, Map<String, String> configs) {
            this(name, id, partitions, replicationFactor, configs, List.of());
        }
    }

    record CreatePartitions(String name, int count) implements MetadataCommand {
    }

    /**
     * The changes of one request that names several topics, applied together as one Raft entry (Kafka's controller
     * likewise writes one request's records as one batch): every broker's image takes all the accepted ones at once.
     * Each element is validated against the image as the entry is applied, in order, and refused alone (its error
     * goes back to the proposer with its position, see {@link MetadataApplier.Refusal}); the others still apply.
     */
    sealed interface TopicBatch extends MetadataCommand {
        /** The entry's changes, one a topic, in order. */
        List<?> topics();

        /** How many topics the entry names: the positions a refusal can have. */
        default int size() {
            return topics().size();
        }
    }

    /** The valid topics of one CreateTopics request. */
    record CreateTopicsBatch(List<CreateTopic> topics) implements TopicBatch {
        public CreateTopicsBatch {
            topics = List.copyOf(topics);
        }
    }

    /** The valid topics of one CreatePartitions request. */
    record CreatePartitionsBatch(List<CreatePartitions> topics) implements TopicBatch {
        public CreatePartitionsBatch {
            topics = List.copyOf(topics);
        }
    }

    /**
     * The topics of one DeleteTopics request; a topic that is gone when the entry is applied, or was re-created since
     * the proposer resolved it (another {@code id}), is refused with UNKNOWN_TOPIC_OR_PARTITION.
     */
    record DeleteTopicsBatch(List<TopicRef> topics) implements TopicBatch {
        public DeleteTopicsBatch {
            topics = List.copyOf(topics);
        }
    }

    /** A topic as the proposer saw it: its name and id. */
    record TopicRef(String name, Uuid id) {
    }

    record AlterTopicConfigs(String name, Map<String, String> configs) implements MetadataCommand {
    }

    /**
     * The topic config changes of one AlterConfigs or IncrementalAlterConfigs request, applied together as one Raft
     * entry (Kafka's controller likewise writes a request's records as one batch). A topic that is gone when the entry
     * is applied, or was re-created since the proposer validated it (another {@code id}), is skipped: the others are
     * still applied.
     */
    record AlterTopicConfigsBatch(List<TopicConfigs> topics) implements MetadataCommand {
        public AlterTopicConfigsBatch {
            topics = List.copyOf(topics);
        }
    }

    /** One topic's new config overrides in an {@link AlterTopicConfigsBatch}; {@code id} as the proposer saw it. */
    record TopicConfigs(String name, Uuid id, Map<String, String> configs) {
    }

    record DeleteTopic(String name) implements MetadataCommand {
    }

    /** A partition leader shrinks or grows its ISR; refused unless it still leads at that epoch. */
    record AlterIsr(String topic, int partition, int leader, int leaderEpoch, List<Integer> isr)
            implements MetadataCommand {
    }

    /**
     * Starts (or replaces) a partition reassignment to {@code target}, or cancels the one in progress when
     * {@code target} is null (KIP-455).
     */
    record AlterPartitionReassignment(String topic, int partition, List<Integer> target) implements MetadataCommand {
        public AlterPartitionReassignment {
            target = target == null ? null : List.copyOf(target);
        }
    }

    /**
     * Replaces the dynamic configs of a broker resource: {@code resource} is a broker id, or {@code ""} for the
     * cluster-wide default (AlterConfigs' names). Empty {@code configs} remove them all.
     */
    record AlterBrokerConfigs(String resource, Map<String, String> configs) implements MetadataCommand {
        public AlterBrokerConfigs {
            configs = Map.copyOf(configs);
        }
    }

    /** Elects the preferred replica, or (unclean) any alive replica of a partition without a leader. */
    record ElectLeader(String topic, int partition, boolean unclean) implements MetadataCommand {
    }

    /**
     * A broker leaves the cluster for good (Kafka's UnregisterBroker, {@code kafka-cluster.sh unregister}): its
     * registration goes; refused while it is alive. Replicas still assigned to it stay (offline) until reassigned.
     */
    record UnregisterBroker(int id) implements MetadataCommand {
    }

    /**
     * A broker's log dir failed (an I/O error; Kafka's LogDirFailureChannel): its replicas of {@code partitions} are
     * offline. They leave the ISR and another in-sync replica takes each leadership, as when Kafka's controller hears
     * of an offline log dir in a broker heartbeat. Ignored unless {@code incarnation} is the broker's current one.
     */
    record OfflineReplicas(int id, String incarnation, List<org.apache.kafka.common.TopicPartition> partitions)
            implements MetadataCommand {
        public OfflineReplicas {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * Adds the {@code created} ACLs and removes the {@code deleted} ones (exact bindings; the broker that took the
     * DeleteAcls request resolved its filters), so every broker enforces the same ACLs.
     */
    record AlterAcls(List<AclBinding> created, List<AclBinding> deleted) implements MetadataCommand {
        public AlterAcls {
            created = List.copyOf(created);
            deleted = List.copyOf(deleted);
        }
    }

    /**
     * Finalizes feature levels (UpdateFeatures; level 0 removes a feature), such as {@code transaction.version}: every
     * broker advertises the same levels in ApiVersions.
     */
    record FinalizeFeatures(java.util.Map<String, Short> levels) implements MetadataCommand {
        public FinalizeFeatures {
            levels = java.util.Map.copyOf(levels);
        }
    }
    /**
     * Adds, replaces and deletes SCRAM credentials (AlterUserScramCredentials; Kafka's UserScramCredentialRecord and
     * RemoveUserScramCredentialRecord), the changes of one request together, so every broker authenticates the same
     * users with the same credentials.
     */
    record AlterScramCredentials(List<ScramChange> changes) implements MetadataCommand {
        public AlterScramCredentials {
            changes = List.copyOf(changes);
        }
    }

    /**
     * One user's credential of one mechanism ({@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}): {@code credential} is
     * Kafka's string form ({@code salt=...,stored_key=...,server_key=...,iterations=...}, never a password), null to
     * delete it. {@code onlyIfAbsent}: a bootstrap credential ({@code voltstream.scram.bootstrap}), stored only when
     * the user has none of that mechanism when the record is applied, so a password changed since is never put back.
     */
    record ScramChange(String user, String mechanism, String credential, boolean onlyIfAbsent) {
    }

    /**
     * Sets and removes client quotas (AlterClientQuotas; Kafka's ClientQuotaRecord), the valid entries of one request
     * together, so every broker enforces the same quotas.
     */
    record AlterClientQuotas(List<QuotaChange> changes) implements MetadataCommand {
        public AlterClientQuotas {
            changes = List.copyOf(changes);
        }
    }

    /**
     * One entity's quota changes: {@code entity} maps entity types ({@code user}, {@code client-id}) to names, a null
     * name meaning the default of that type; {@code set} values are put, {@code removed} keys dropped (removed first).
     */
    record QuotaChange(java.util.SortedMap<String, String> entity, Map<String, Double> set,
                       java.util.Set<String> removed) {
        public QuotaChange {
            entity = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(entity));
            set = Map.copyOf(set);
            removed = java.util.Set.copyOf(removed);
        }
    }

    /**
     * The feature levels one incarnation of a broker supports (Kafka's BrokerRegistration features), written by the
     * broker right after its {@link RegisterBroker}, so that UpdateFeatures raises a level only when every registered
     * broker supports it. A separate record rather than a field of the registration: release 0.1.0 skips it, and a
     * broker whose current incarnation never wrote one (a 0.1.0 broker) supports only
     * {@link MetadataVersions#MINIMUM} of {@link MetadataVersions#FEATURE}.
     */
    record BrokerFeatures(int id, String incarnation, Map<String, FeatureRange> supported) implements MetadataCommand {
        public BrokerFeatures {
            supported = Map.copyOf(supported);
        }
    }

    /** The levels of a feature a broker supports, {@code min} to {@code max}. */
    record FeatureRange(short min, short max) {
        public boolean contains(short level) {
            return level >= min && level <= max;
        }

        /** As Kafka's VersionRange prints itself in its messages: {@code 1} for 1-1, else {@code 1-2}. */
        @Override
        public String toString() {
            return min == max ? Short.toString(min) : min + "-" + max;
        }
    }
}
