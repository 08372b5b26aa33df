package dev.voltstream.broker.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;


import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.image.MetadataVersions;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.metadata.NewTopic;
import dev.voltstream.broker.metadata.TopicChangeSink;
import dev.voltstream.broker.metadata.TopicMetadata;

/** Topic changes as metadata commands: proposed to the quorum, awaited until applied here. */
final class QuorumTopicChanges implements TopicChangeSink {
    private static final long TIMEOUT_MS = 15_000;
    /** A larger request is split: each Raft entry stays far below a metadata log segment (1 MiB by default). */
    static final int MAX_TOPICS_PER_ENTRY = 1_000;

    private final MetadataQuorum quorum;

    QuorumTopicChanges(MetadataQuorum quorum) {
        this.quorum = quorum;
    }

    /**
     * One topic is one {@code CreateTopic} record, the form every release reads; several are one
     * {@code CreateTopicsBatch} entry (per {@link #MAX_TOPICS_PER_ENTRY}).
     */
    @Override
    public Map<String, ApiException> create(List<NewTopic> topics) {
        List<MetadataCommand.CreateTopic> commands = topics.stream()
                .map(t -> new MetadataCommand.CreateTopic(t.name(), Uuid.randomUuid(), t.partitions(),
                        t.replicationFactor(), t.configs(), t.assignments())).toList();
        return decide(commands, MetadataCommand.CreateTopic::name, c -> c, MetadataCommand.CreateTopicsBatch::new);
    }

    @Override
    public Map<String, ApiException> createPartitions(List<TopicMetadata> grown) {
        List<MetadataCommand.CreatePartitions> commands = grown.stream()
                .map(t -> new MetadataCommand.CreatePartitions(t.name(), t.partitions())).toList();
        return decide(commands, MetadataCommand.CreatePartitions::name, c -> c,
                MetadataCommand.CreatePartitionsBatch::new);
    }

    /** One topic is one {@code DeleteTopic} record (by name, as every release reads it); several a batch by id. */
    @Override
    public Map<String, ApiException> delete(List<TopicMetadata> topics) {
        List<MetadataCommand.TopicRef> refs = topics.stream()
                .map(t -> new MetadataCommand.TopicRef(t.name(), t.id())).toList();
        return decide(refs, MetadataCommand.TopicRef::name, ref -> new MetadataCommand.DeleteTopic(ref.name()),
                MetadataCommand.DeleteTopicsBatch::new);
    }

    /**
     * Proposes one change per topic: a lone one as its own {@code single} record (a refusal of it is its topic's),
     * several as batches of at most {@link #MAX_TOPICS_PER_ENTRY} — or each as its own record below the metadata level
     * that introduced the batches; waits for all.
     *
     * @return the refusal of each topic, by name
     */
    private <T> Map<String, ApiException> decide(List<T> changes, Function<T, String> name,
                                                 Function<T, MetadataCommand> single,
                                                 Function<List<T>, MetadataCommand.TopicBatch> batch) {
        Map<String, ApiException> refused = new LinkedHashMap<>();
        if (changes.size() == 1
                || !MetadataVersions.allows(quorum.image().metadataLevel(), batch.apply(List.of()))) {
            // below the metadata level of the batches: one record per topic, the form every release reads
            List<CompletableFuture<Void>> singles = new ArrayList<>();
            for (T change : changes) {
                singles.add(quorum.submit(single.apply(change)));
            }
            for (int i = 0; i < changes.size(); i++) {
                try {
                    await(singles.get(i));
                } catch (ApiException e) {
                    refused.put(name.apply(changes.get(i)), e);
                }
            }
            return refused;
        }
        List<List<T>> entries = new ArrayList<>();
        List<CompletableFuture<Map<Integer, ApiException>>> answers = new ArrayList<>();
        for (int from = 0; from < changes.size(); from += MAX_TOPICS_PER_ENTRY) {
            List<T> entry = changes.subList(from, Math.min(changes.size(), from + MAX_TOPICS_PER_ENTRY));
            entries.add(entry);
            answers.add(quorum.submitBatch(batch.apply(entry)));
        }
        for (int e = 0; e < entries.size(); e++) {
            List<T> entry = entries.get(e);
            await(answers.get(e)).forEach((index, error) -> refused.put(name.apply(entry.get(index)), error));
        }
        return refused;
    }

    /**
     * One AlterTopicConfigsBatch entry per 1,000 topics; below the metadata level that introduced it, one
     * AlterTopicConfigs (0.1.0's record) per topic, a topic deleted meanwhile skipped as the batch skips it (that form
     * cannot tell a re-created topic by its id).
     */
    @Override
    public void replaceConfigs(List<TopicMetadata> updated) {
        if (!MetadataVersions.allows(quorum.image().metadataLevel(),
                new MetadataCommand.AlterTopicConfigsBatch(List.of()))) {
            List<CompletableFuture<Void>> entries = new ArrayList<>();
            for (TopicMetadata t : updated) {
                entries.add(quorum.submit(new MetadataCommand.AlterTopicConfigs(t.name(), t.configs())));
            }
            for (CompletableFuture<Void> entry : entries) {
                try {
                    await(entry);
                } catch (org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
                    // deleted since it was validated: skipped
                }
            }
            return;
        }
        List<CompletableFuture<Void>> entries = new ArrayList<>();
        for (int from = 0; from < updated.size(); from += MAX_TOPICS_PER_ENTRY) {
            List<MetadataCommand.TopicConfigs> topics = updated
                    .subList(from, Math.min(updated.size(), from + MAX_TOPICS_PER_ENTRY)).stream()
                    .map(t -> new MetadataCommand.TopicConfigs(t.name(), t.id(), t.configs())).toList();
            entries.add(quorum.submit(new MetadataCommand.AlterTopicConfigsBatch(topics)));
        }
        entries.forEach(QuorumTopicChanges::await);
    }

    @Override
    public void reassign(String topic, int partition, List<Integer> target) {
        await(quorum.submit(new MetadataCommand.AlterPartitionReassignment(topic, partition, target)));
    }

    @Override
    public void electLeader(String topic, int partition, boolean unclean) {
        await(quorum.submit(new MetadataCommand.ElectLeader(topic, partition, unclean)));
    }

    @Override
    public int aliveBrokers() {
        return (int) quorum.image().aliveCount();
    }

    /** Waits for a proposed change; its Kafka error, or a timeout, is thrown as the ApiException a handler maps. */
    static <T> T await(CompletableFuture<T> change) {
        try {
            return change.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof ApiException api) {
                throw api;
            }
            throw new org.apache.kafka.common.errors.TimeoutException("The metadata quorum did not accept the change: " + cause);
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("The metadata quorum did not commit the change within "
                    + TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.TimeoutException("Interrupted");
        }
    }
}
