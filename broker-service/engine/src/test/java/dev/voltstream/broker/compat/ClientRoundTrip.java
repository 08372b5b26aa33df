package dev.voltstream.broker.compat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One client release's round trip, run as {@code main} in a child JVM whose class path holds only that release of
 * kafka-clients (and the libraries its pom names) plus this class: admin create/describe, produce keyed records with
 * headers, consume them in a group, commit, read the committed offsets back through the admin client, delete the topic.
 * Prints one line per observation on stdout for {@code ClientMatrixIT} to check; any failure exits non-zero with the
 * client's exception on stderr.
 *
 * <p>Compiled against kafka-clients 4.1 but uses only what every release from 2.1 on has with the same binary
 * signature; the one API renamed in between ({@code DescribeTopicsResult.all()} became {@code allTopicNames()} in 3.1,
 * the old name removed in 4.0) is called by name.
 */
public final class ClientRoundTrip {
    static final int RECORDS = 6;

    private ClientRoundTrip() {
    }

    /** Arguments: bootstrap servers, a tag naming the topic and group, and optionally the consumer's group.protocol. */
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String tag = args[1];
        String groupProtocol = args.length > 2 ? args[2] : null;
        String topic = "matrix-" + tag;
        String group = "matrix-group-" + tag;

        Properties adminProps = new Properties();
        adminProps.put("bootstrap.servers", bootstrap);
        adminProps.put("client.id", "matrix-admin-" + tag);
        try (AdminClient admin = AdminClient.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
            TopicDescription description = describe(admin, topic);
            System.out.println("described " + description.name() + " partitions=" + description.partitions().size());

            produce(bootstrap, tag, topic);
            consumeAndCommit(bootstrap, tag, topic, group, groupProtocol);

            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
            Map<Integer, Long> byPartition = new TreeMap<>();
            committed.forEach((tp, offset) -> byPartition.put(tp.partition(), offset.offset()));
            System.out.println("committed " + byPartition.values().stream().mapToLong(Long::longValue).sum()
                    + " over partitions " + byPartition.keySet());

            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            boolean listed = admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(topic);
            System.out.println("deleted " + topic + " listed=" + listed);
        }
    }

    private static void produce(String bootstrap, String tag, String topic) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("client.id", "matrix-producer-" + tag);
        props.put("acks", "all");
        props.put("compression.type", "lz4");
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < RECORDS; i++) {
                List<Header> headers = List.of(new RecordHeader("h", ("h" + i).getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(topic, null, "k" + i, "v" + i, headers)).get(60, TimeUnit.SECONDS);
            }
        }
        System.out.println("produced " + RECORDS);
    }

    private static void consumeAndCommit(String bootstrap, String tag, String topic, String group,
                                         String groupProtocol) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("client.id", "matrix-consumer-" + tag);
        props.put("group.id", group);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        props.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        if (groupProtocol != null) {
            props.put("group.protocol", groupProtocol); // 3.7+: "consumer" is KIP-848's protocol
        }
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header header = record.headers().lastHeader("h");
                    seen.add("consumed " + record.key() + "=" + record.value() + " h="
                            + (header == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
                }
            }
            consumer.commitSync();
        }
        seen.forEach(System.out::println);
    }

    /** {@code describeTopics(..).allTopicNames()} from 3.1 on, {@code .all()} before (removed in 4.0). */
    @SuppressWarnings("unchecked")
    private static TopicDescription describe(AdminClient admin, String topic) throws Exception {
        Object result = admin.describeTopics(List.of(topic));
        java.lang.reflect.Method all;
        try {
            all = result.getClass().getMethod("allTopicNames");
        } catch (NoSuchMethodException beforeThreeOne) {
            all = result.getClass().getMethod("all");
        }
        var future = (org.apache.kafka.common.KafkaFuture<Map<String, TopicDescription>>) all.invoke(result);
        return future.get(60, TimeUnit.SECONDS).get(topic);
    }
}
