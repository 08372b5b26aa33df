package dev.voltstream.broker.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;


import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.image.MetadataVersions;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
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

    @Override
    public void create(String name, int partitions, short replicationFactor, Map<String, String> configs,
                       List<List<Integer>> assignments) {
        await(quorum.submit(new MetadataCommand.CreateTopic(name, Uuid.randomUuid(), partitions, replicationFactor,
                configs, assignments)));
    }

    @Override
    public void createPartitions(String name, int count) {
        await(quorum.submit(new MetadataCommand.CreatePartitions(name, count)));
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
    public void delete(String name) {
        await(quorum.submit(new MetadataCommand.DeleteTopic(name)));
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
    static void await(CompletableFuture<Void> change) {
        try {
            change.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
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
