package dev.voltstream.broker.cluster.internal.image;

import static dev.voltstream.broker.cluster.internal.image.BrokerRegistration.isAlive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterIsr;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterPartitionReassignment;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterTopicConfigs;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreatePartitions;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.DeleteTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FenceBroker;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;
import dev.voltstream.broker.metadata.PartitionState;

/**
 * The replicated state machine's logic: {@code image + command -> image'}, a pure and deterministic function (the
 * same on every broker). A command that is not valid against the image leaves it unchanged and reports the error to
 * the proposer. Leader election is clean only: a new leader always comes from the ISR.
 */
public final class MetadataApplier {
    private MetadataApplier() {
    }

    /**
     * The outcome of one command: the new image and the error for the proposer ({@link Errors#NONE} if applied); for
     * a {@link MetadataCommand.TopicBatch}, the elements it refused (the others were applied).
     */
    public record Applied(ClusterImage image, Errors error, String message, List<Refusal> refused) {
        public Applied {
            refused = List.copyOf(refused);
        }

        public Applied(ClusterImage image, Errors error, String message) {
            this(image, error, message, List.of());
        }
    }

    /** The element at {@code index} of a {@link MetadataCommand.TopicBatch} was refused with {@code error}. */
    public record Refusal(int index, Errors error, String message) {
    }

    public static Applied apply(ClusterImage image, MetadataCommand command, long offset) {
        Map<Integer, BrokerRegistration> brokers = new TreeMap<>(image.brokers());
        Map<String, TopicImage> topics = new TreeMap<>(image.topics());
        if (command instanceof MetadataCommand.TopicBatch batch) {
            List<Refusal> refused = applyBatch(brokers, topics, batch);
            return new Applied(image.with(offset, brokers, topics), Errors.NONE, null, refused);
        }
        try {
            if (command instanceof RegisterBroker c) {
                register(brokers, topics, c);
            } else if (command instanceof FenceBroker c) {
                BrokerRegistration b = brokers.get(c.id());
                if (b != null && !b.fenced() && (c.incarnation() == null || c.incarnation().equals(b.incarnation()))) {
                    fence(brokers, topics, c.id());
                }
            } else if (command instanceof MetadataCommand.OfflineReplicas c) {
                offlineReplicas(brokers, topics, c);
            } else if (command instanceof CreateTopic c) {
                createTopic(brokers, topics, c);
            } else if (command instanceof CreatePartitions c) {
                createPartitions(brokers, topics, c);
            } else if (command instanceof AlterTopicConfigs c) {
                TopicImage t = existing(topics, c.name());
                topics.put(t.name(), new TopicImage(t.name(), t.id(), c.configs(), t.partitions()));
            } else if (command instanceof MetadataCommand.AlterTopicConfigsBatch c) {
                alterConfigs(topics, c);
            } else if (command instanceof DeleteTopic c) {
                existing(topics, c.name());
                topics.remove(c.name());
            } else if (command instanceof AlterIsr c) {
                alterIsr(brokers, topics, c);
            } else if (command instanceof MetadataCommand.UnregisterBroker c) {
                BrokerRegistration b = brokers.get(c.id());
                if (b == null) {
                    throw new BrokerIdNotRegisteredException("Broker " + c.id() + " is not registered.");
                }
                if (!b.fenced()) {
                    throw new InvalidRequestException("Broker " + c.id() + " is alive: stop it before "
                            + "unregistering it.");
                }
                brokers.remove(c.id());
            } else if (command instanceof MetadataCommand.ElectLeader c) {
                TopicImage t = existingPartition(topics, c.topic(), c.partition());
                topics.put(t.name(), t.withPartition(c.partition(),
                        LeaderElections.elect(brokers, t.partitions().get(c.partition()), c.unclean())));
            } else if (command instanceof MetadataCommand.FinalizeFeatures c) {
                FeatureSupport.check(image, c.levels());
                return new Applied(image.withFeatures(offset, c.levels()), Errors.NONE, null);
            } else if (command instanceof MetadataCommand.BrokerFeatures c) {
                return new Applied(image.withBrokerFeatures(offset, c), Errors.NONE, null);
            } else if (command instanceof MetadataCommand.AlterScramCredentials c) {
                return new Applied(image.withScram(offset, c.changes()), Errors.NONE, null);
            } else if (command instanceof MetadataCommand.AlterClientQuotas c) {
                return new Applied(image.withQuotas(offset, c.changes()), Errors.NONE, null);
            } else if (command instanceof MetadataCommand.AlterAcls c) {
                return new Applied(image.withAcls(offset, c.created(), c.deleted()), Errors.NONE, null);
            } else if (command instanceof MetadataCommand.AlterBrokerConfigs c) {
                return new Applied(image.withBrokerConfigs(offset, brokerResource(c.resource()), c.configs()),
                        Errors.NONE, null);
            } else if (command instanceof AlterPartitionReassignment c) {
                TopicImage t = existingPartition(topics, c.topic(), c.partition());
                topics.put(t.name(), t.withPartition(c.partition(),
                        Reassignments.alter(brokers, t.partitions().get(c.partition()), c.target())));
            }
        } catch (ApiException e) {
            return new Applied(image.with(offset, image.brokers(), image.topics()), Errors.forException(e),
                    e.getMessage());
        }
        return new Applied(image.with(offset, brokers, topics), Errors.NONE, null);
    }

    /** Each element in order, against the image as the earlier ones left it; a refused one changes nothing. */
    private static List<Refusal> applyBatch(Map<Integer, BrokerRegistration> brokers, Map<String, TopicImage> topics,
                                            MetadataCommand.TopicBatch batch) {
        List<Refusal> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                if (batch instanceof MetadataCommand.CreateTopicsBatch c) {
                    createTopic(brokers, topics, c.topics().get(i));
                } else if (batch instanceof MetadataCommand.CreatePartitionsBatch c) {
                    createPartitions(brokers, topics, c.topics().get(i));
                } else if (batch instanceof MetadataCommand.DeleteTopicsBatch c) {
                    deleteTopic(topics, c.topics().get(i));
                }
            } catch (ApiException e) {
                refused.add(new Refusal(i, Errors.forException(e), e.getMessage()));
            }
        }
        return refused;
    }

    private static void deleteTopic(Map<String, TopicImage> topics, MetadataCommand.TopicRef ref) {
        TopicImage t = existing(topics, ref.name());
        if (!t.id().equals(ref.id())) {
            throw new UnknownTopicOrPartitionException("Topic '" + ref.name() + "' was re-created (id " + t.id()
                    + ") since it was asked to be deleted (id " + ref.id() + ").");
        }
        topics.remove(ref.name());
    }

    private static void register(Map<Integer, BrokerRegistration> brokers, Map<String, TopicImage> topics,
                                 RegisterBroker c) {
        BrokerRegistration old = brokers.get(c.id());
        if (old != null && !old.fenced() && !old.incarnation().equals(c.incarnation())) {
            // A restart the controller did not notice yet: what the old process led must move first, and it must
            // catch up before rejoining any ISR.
            fence(brokers, topics, c.id());
        }
        brokers.put(c.id(), new BrokerRegistration(c.id(), c.endpoints(), c.rack(), c.incarnation(), false));
        // Partitions left without a leader whose last ISR member is this broker come back (a clean election).
        updateAll(topics, (name, state) -> state.leader() == -1 && state.isr().contains(c.id())
                ? state.withLeader(c.id(), state.isr()) : state);
    }

    private static void fence(Map<Integer, BrokerRegistration> brokers, Map<String, TopicImage> topics, int id) {
        brokers.put(id, brokers.get(id).fence());
        updateAll(topics, (name, state) -> withoutReplica(brokers, state, id));
    }

    /**
     * Replica {@code id} cannot serve the partition: it leaves the ISR (unless it is the last member, which Kafka keeps
     * so the partition can come back with it) and, if it led, the first alive ISR member leads (else nobody).
     */
    private static PartitionState withoutReplica(Map<Integer, BrokerRegistration> brokers, PartitionState state,
                                                 int id) {
        if (!state.isr().contains(id) && state.leader() != id) {
            return state;
        }
        List<Integer> isr = new ArrayList<>(state.isr());
        if (isr.size() > 1) {
            isr.remove(Integer.valueOf(id));
        }
        if (state.leader() != id) {
            return state.withIsr(isr);
        }
        int leader = isr.stream().filter(r -> r != id && isAlive(brokers, r)).findFirst().orElse(-1);
        return state.withLeader(leader, isr);
    }

    /** A failed log dir of a live broker: its replicas there go as if the broker were fenced, for those only. */
    private static void offlineReplicas(Map<Integer, BrokerRegistration> brokers, Map<String, TopicImage> topics,
                                        MetadataCommand.OfflineReplicas c) {
        BrokerRegistration b = brokers.get(c.id());
        if (b == null || !b.incarnation().equals(c.incarnation())) {
            return; // a report of an earlier process: that one's logs were recovered by its restart
        }
        for (org.apache.kafka.common.TopicPartition tp : c.partitions()) {
            TopicImage t = topics.get(tp.topic());
            if (t == null || tp.partition() < 0 || tp.partition() >= t.partitions().size()) {
                continue; // deleted meanwhile
            }
            PartitionState before = t.partitions().get(tp.partition());
            PartitionState after = withoutReplica(brokers, before, c.id());
            if (after != before) {
                topics.put(t.name(), t.withPartition(tp.partition(), after));
            }
        }
    }

    /** Every topic of the batch that still exists as the proposer saw it (same id) gets its configs; the rest skip. */
    private static void alterConfigs(Map<String, TopicImage> topics, MetadataCommand.AlterTopicConfigsBatch c) {
        for (MetadataCommand.TopicConfigs change : c.topics()) {
            TopicImage t = topics.get(change.name());
            if (t != null && t.id().equals(change.id())) {
                topics.put(t.name(), new TopicImage(t.name(), t.id(), change.configs(), t.partitions()));
            }
        }
    }

    private static void createTopic(Map<Integer, BrokerRegistration> brokers, Map<String, TopicImage> topics,
                                    CreateTopic c) {
        if (topics.containsKey(c.name())) {
            throw new TopicExistsException("Topic '" + c.name() + "' already exists.");
        }
        if (topics.values().stream().anyMatch(t -> t.id().equals(c.id()))) {
            throw new InvalidRequestException("Topic id " + c.id() + " is taken");
        }
        List<List<Integer>> placement = c.assignments().isEmpty()
                ? ReplicaPlacer.place(alive(brokers), 0, c.partitions(), c.replicationFactor(), c.name())
                : checkedAssignments(brokers, c.assignments());
        List<PartitionState> partitions = new ArrayList<>();
        for (List<Integer> replicas : placement) {
            partitions.add(new PartitionState(replicas, replicas, replicas.get(0), 0, 0));
        }
        topics.put(c.name(), new TopicImage(c.name(), c.id(), c.configs(), partitions));
    }

    private static List<List<Integer>> checkedAssignments(Map<Integer, BrokerRegistration> brokers,
                                                          List<List<Integer>> assignments) {
        for (int p = 0; p < assignments.size(); p++) {
            List<Integer> replicas = assignments.get(p);
            if (replicas.isEmpty() || replicas.stream().distinct().count() != replicas.size()) {
                throw new InvalidReplicaAssignmentException("Partition " + p + " needs distinct replicas, got "
                        + replicas);
            }
            for (int r : replicas) {
                if (!brokers.containsKey(r)) {
                    throw new InvalidReplicaAssignmentException("Unknown broker id " + r
                            + " in the replica assignment of partition " + p);
                }
            }
        }
        return assignments;
    }

    private static void createPartitions(Map<Integer, BrokerRegistration> brokers, Map<String, TopicImage> topics,
                                         CreatePartitions c) {
        TopicImage t = existing(topics, c.name());
        int current = t.partitions().size();
        if (c.count() <= current) {
            throw new InvalidPartitionsException("Topic currently has " + current + " partitions, which is higher "
                    + "than or equal to the requested " + c.count() + ".");
        }
        int rf = t.partitions().get(0).replicas().size();
        List<PartitionState> partitions = new ArrayList<>(t.partitions());
        for (List<Integer> replicas : ReplicaPlacer.place(alive(brokers), current, c.count() - current, rf,
                c.name())) {
            partitions.add(new PartitionState(replicas, replicas, replicas.get(0), 0, 0));
        }
        topics.put(t.name(), new TopicImage(t.name(), t.id(), t.configs(), partitions));
    }

    private static void alterIsr(Map<Integer, BrokerRegistration> brokers, Map<String, TopicImage> topics,
                                 AlterIsr c) {
        TopicImage t = existingPartition(topics, c.topic(), c.partition());
        PartitionState state = t.partitions().get(c.partition());
        if (state.leader() != c.leader() || state.leaderEpoch() != c.leaderEpoch()) {
            throw new FencedLeaderEpochException("Broker " + c.leader() + " at epoch " + c.leaderEpoch()
                    + " no longer leads " + c.topic() + "-" + c.partition());
        }
        List<Integer> isr = new ArrayList<>();
        for (int r : c.isr()) {
            // Only alive replicas may join; one that is fenced meanwhile stays out.
            if (state.replicas().contains(r) && (state.isr().contains(r) || isAlive(brokers, r)) && !isr.contains(r)) {
                isr.add(r);
            }
        }
        if (!isr.contains(c.leader())) {
            throw new InvalidRequestException("The ISR must contain the leader");
        }
        // A reassignment completes once its last target replica joined the ISR.
        topics.put(t.name(), t.withPartition(c.partition(),
                Reassignments.maybeComplete(brokers, state.withIsr(isr))));
    }

    private interface PartitionUpdate {
        PartitionState update(String topic, PartitionState state);
    }

    private static void updateAll(Map<String, TopicImage> topics, PartitionUpdate update) {
        Map<String, TopicImage> changed = new LinkedHashMap<>();
        for (TopicImage t : topics.values()) {
            List<PartitionState> partitions = new ArrayList<>(t.partitions());
            boolean any = false;
            for (int p = 0; p < partitions.size(); p++) {
                PartitionState next = update.update(t.name(), partitions.get(p));
                if (next != partitions.get(p)) {
                    partitions.set(p, next);
                    any = true;
                }
            }
            if (any) {
                changed.put(t.name(), new TopicImage(t.name(), t.id(), t.configs(), partitions));
            }
        }
        topics.putAll(changed);
    }

    private static List<BrokerRegistration> alive(Map<Integer, BrokerRegistration> brokers) {
        return brokers.values().stream().filter(b -> !b.fenced()).toList();
    }

    private static TopicImage existingPartition(Map<String, TopicImage> topics, String topic, int partition) {
        TopicImage t = existing(topics, topic);
        if (partition < 0 || partition >= t.partitions().size()) {
            throw new UnknownTopicOrPartitionException("No partition " + partition + " in " + topic);
        }
        return t;
    }

    private static TopicImage existing(Map<String, TopicImage> topics, String name) {
        TopicImage t = topics.get(name);
        if (t == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        return t;
    }

    /** {@code ""} (the cluster default) or a broker id, as Kafka names broker config resources. */
    private static String brokerResource(String resource) {
        if (resource.isEmpty()) {
            return resource;
        }
        try {
            if (Integer.parseInt(resource) >= 0) {
                return resource;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new org.apache.kafka.common.errors.InvalidRequestException(
                "Broker id must be a non-negative integer or empty, but it is: " + resource);
    }
}
