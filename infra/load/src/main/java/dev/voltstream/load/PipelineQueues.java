package dev.voltstream.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What waits in front of each stage of the pipeline at one moment: the consumer lag of fraud-service on
 * {@code transactions}, billing-service on {@code transaction-verdicts} and notification-service on
 * {@code account-updates}, and the unpublished rows of fraud's and billing's outboxes. The first stage with a large
 * queue is where the pipeline is limited.
 */
final class PipelineQueues implements AutoCloseable {
    /** Stage name → (group, topic) of the consumer stages, in pipeline order. */
    private static final String[][] CONSUMERS = {
            {"fraud-service", "transactions", "1 fraud in"},
            {"billing-service", "transaction-verdicts", "3 billing in"},
            {"notification-service", "account-updates", "5 notification in"}};
    private static final String[][] OUTBOXES = {
            {"fraud.outbox_event", "2 fraud outbox"}, {"billing.outbox_event", "4 billing outbox"}};

    private final Admin admin;
    private final Connection db;

    PipelineQueues(String bootstrap, Connection db) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "voltstream-load-queues");
        this.admin = Admin.create(props);
        this.db = db;
    }

    /** Stage → records waiting (−1 when it could not be read), in pipeline order. */
    Map<String, Long> sample() {
        Map<String, Long> queues = new java.util.TreeMap<>();
        for (String[] c : CONSUMERS) {
            queues.put(c[2], lag(c[0], c[1]));
        }
        for (String[] o : OUTBOXES) {
            queues.put(o[1], unpublished(o[0]));
        }
        return new LinkedHashMap<>(queues);
    }

    private long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** The rows of an outbox: the relays delete a row once it is published, so every row waits. */
    private long unpublished(String table) {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
