package dev.voltstream.e2e;

import dev.voltstream.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Whether the pipeline has nothing left to do: every consumer group's lag is 0 on every partition of the topics it
 * reads, and neither outbox (billing, fraud) holds an unpublished row. A lag that holds no record a read_committed
 * consumer would get counts as 0: the outbox relays publish in transactions, and a consumer that commits "last
 * processed offset + 1" (SmallRye's commit strategies) stops before the commit marker that ends each transaction
 * (KAFKA-6607), so such a partition's committed offset stays one short of its log end for good.
 */
final class PipelineDrain {
    /** Consumer group (= service name) → the topics it consumes (see each service's application.properties). */
    static final Map<String, List<String>> GROUPS = Map.of(
            ServiceApp.FRAUD.module(), List.of(Topics.TRANSACTIONS),
            ServiceApp.BILLING.module(), List.of(Topics.CHARGING_SESSIONS, Topics.TRANSACTION_VERDICTS),
            ServiceApp.NOTIFICATION.module(), List.of(Topics.ACCOUNT_UPDATES, Topics.FRAUD_ALERTS, Topics.INVOICES,
                    Topics.STATION_STATUS));
    private static final List<String> OUTBOXES = List.of("billing.outbox_event", "fraud.outbox_event");

    private final Admin admin;
    private final Connection db;
    private final String bootstrapServers;

    PipelineDrain(Admin admin, Connection db, String bootstrapServers) {
        this.admin = admin;
        this.db = db;
        this.bootstrapServers = bootstrapServers;
    }

    /** What is left: lag per group and unpublished rows per outbox, plus the total log-end offset (for stability). */
    Backlog backlog() throws ExecutionException, InterruptedException, SQLException {
        Map<String, Long> pending = new LinkedHashMap<>();
        Map<String, String> lagging = new TreeMap<>();
        long totalEnd = 0;
        for (var group : GROUPS.entrySet()) {
            Map<TopicPartition, Long> ends = endOffsets(group.getValue());
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> from = new HashMap<>();
            ends.forEach((tp, end) -> from.put(tp, committed.get(tp) == null ? 0 : committed.get(tp).offset()));
            Set<TopicPartition> withRecords = withRecords(from, ends);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                long behind = end.getValue() - (c == null ? 0 : c.offset());
                if (behind > 0 && !withRecords.contains(end.getKey())) {
                    behind = 0; // only commit markers (or aborted records) left
                }
                if (behind != 0) {
                    lagging.put(group.getKey() + " " + end.getKey(),
                            (c == null ? "none" : String.valueOf(c.offset())) + "/" + end.getValue());
                }
                lag += behind;
                totalEnd += end.getValue();
            }
            pending.put("lag " + group.getKey(), lag);
        }
        try (Statement st = db.createStatement()) {
            for (String outbox : OUTBOXES) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + outbox)) {
                    rs.next();
                    pending.put("unpublished " + outbox, rs.getLong(1));
                }
            }
        }
        return new Backlog(pending, lagging, totalEnd);
    }

    /**
     * The partitions behind their end ({@code from} &lt; {@code ends}) where a read_committed consumer gets a record
     * between the two, or cannot get past the last stable offset within 10 s (an open transaction: work left).
     */
    private Set<TopicPartition> withRecords(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        List<TopicPartition> behind = ends.keySet().stream().filter(tp -> from.get(tp) < ends.get(tp)).toList();
        Set<TopicPartition> found = new HashSet<>();
        if (behind.isEmpty()) {
            return found;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(behind);
            behind.forEach(tp -> consumer.seek(tp, from.get(tp)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<TopicPartition> open = new ArrayList<>(behind);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> found.add(new TopicPartition(r.topic(),
                        r.partition())));
                open.removeIf(tp -> found.contains(tp) || consumer.position(tp) >= ends.get(tp));
            }
            found.addAll(open);
        }
        return found;
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
            description.partitions().forEach(p ->
                    request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get();
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Outstanding work by name, the lagging partitions (group and partition → committed/log-end offset), and the sum
     * of the log-end offsets it was measured against.
     */
    record Backlog(Map<String, Long> pending, Map<String, String> lagging, long totalEndOffset) {
        /** The lagging partitions' names ({@code topic-partition}). */
        List<String> laggingPartitions() {
            return lagging.keySet().stream().map(k -> k.substring(k.indexOf(' ') + 1)).distinct().toList();
        }

        boolean empty() {
            return pending.values().stream().allMatch(v -> v == 0);
        }

        @Override
        public String toString() {
            return pending + " at total log end " + totalEndOffset
                    + (lagging.isEmpty() ? "" : "; lagging (committed/end): " + lagging);
        }
    }
}
