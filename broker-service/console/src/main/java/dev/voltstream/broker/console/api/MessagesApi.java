package dev.voltstream.broker.console.api;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.resource.ResourceType;

import dev.voltstream.broker.console.http.HttpCall;
import dev.voltstream.broker.console.http.ProblemException;
import dev.voltstream.broker.console.http.Reply;
import dev.voltstream.broker.console.http.Router;
import dev.voltstream.broker.console.kafka.ClusterClients;
import dev.voltstream.broker.console.kafka.ClusterReader;
import dev.voltstream.broker.console.security.ConsoleUser;

/**
 * The message browser ({@code GET /api/topics/{name}/messages}) and the produce form
 * ({@code POST /api/topics/{name}/messages}). Browsing uses a fresh group-less consumer (assign and seek), so it
 * never commits offsets or joins a group. Browsing needs READ on the topic (as Fetch), producing WRITE (as Produce).
 */
public final class MessagesApi {
    static final int MAX_LIMIT = 500;

    /** A header; the value is UTF-8 text, or base64 when {@code base64} is true. */
    public record HeaderValue(String key, String value, Boolean base64) {
    }

    /** A record as the browser shows it; key and value are UTF-8 text, or base64 when the flags say so. */
    public record Message(int partition, long offset, long timestamp, String timestampType, String key,
                          Boolean keyBase64, String value, Boolean valueBase64, List<HeaderValue> headers) {
    }

    /** A page of records from one partition, with the partition's bounds at the time of reading. */
    public record MessagePage(String topic, int partition, long startOffset, long endOffset, long from,
                              List<Message> messages) {
    }

    /** {@code POST} body: partition and key optional (the producer's partitioner decides), headers as text. */
    public record ProduceMessage(Integer partition, String key, String value, Map<String, String> headers) {
    }

    /** Where the record was written. */
    public record Produced(String topic, int partition, long offset, long timestamp) {
    }

    private final ClusterClients clients;
    private final ClusterReader reader;

    public MessagesApi(ClusterClients clients, ClusterReader reader) {
        this.clients = clients;
        this.reader = reader;
    }

    public void register(Router router) {
        router.add("GET", "/api/topics/{name}/messages", this::browse)
                .add("POST", "/api/topics/{name}/messages", this::produce);
    }

    /**
     * Query: {@code partition} (default 0), {@code from} = earliest | latest | offset | timestamp (default latest:
     * the last {@code limit} records), {@code offset}, {@code timestamp} (epoch ms), {@code limit} (default 50).
     */
    private Reply browse(HttpCall call) throws Exception {
        String topic = call.path("name");
        ConsoleUser.of(call).require(AclOperation.READ, ResourceType.TOPIC, topic);
        int partitionCount = reader.topic(topic).partitions().size();
        int partition = call.queryInt("partition", 0);
        if (partition < 0 || partition >= partitionCount) {
            throw ProblemException.badRequest("Topic '" + topic + "' has partitions 0 to " + (partitionCount - 1)
                    + ", not " + partition);
        }
        int limit = call.queryInt("limit", 50);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        KafkaConsumer<byte[], byte[]> consumer = clients.browsingConsumer();
        try {
            Duration timeout = Duration.ofMillis(ClusterClients.TIMEOUT_MS);
            consumer.assign(List.of(tp));
            long start = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            String mode = call.query("from").orElse("latest");
            long from = switch (mode) {
                case "earliest" -> start;
                case "latest" -> Math.max(start, end - limit);
                case "offset" -> Math.min(Math.max(start, call.queryLong("offset", start)), end);
                case "timestamp" -> {
                    long timestamp = call.queryLong("timestamp", -1);
                    if (timestamp < 0) {
                        throw ProblemException.badRequest("from=timestamp needs a timestamp (epoch milliseconds)");
                    }
                    OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, timestamp), timeout).get(tp);
                    yield found == null ? end : found.offset();
                }
                default -> throw ProblemException.badRequest(
                        "from must be earliest, latest, offset or timestamp, not '" + mode + "'");
            };
            List<Message> messages = read(consumer, tp, from, end, limit);
            return Reply.ok(new MessagePage(topic, partition, start, end, from, messages));
        } finally {
            // nothing to commit and no group to leave: do not wait the default 30 s for a broker going away
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Reads from {@code from} until {@code limit} records, the end offset seen at the start, or the time-out. */
    private static List<Message> read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long end,
                                      int limit) {
        List<Message> messages = new ArrayList<>();
        if (from >= end) {
            return messages;
        }
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_000);
        while (messages.size() < limit && consumer.position(tp) < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                if (messages.size() < limit && record.offset() < end) {
                    messages.add(toMessage(record));
                }
            }
        }
        return messages;
    }

    private static Message toMessage(ConsumerRecord<byte[], byte[]> record) {
        List<HeaderValue> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            String text = utf8(header.value());
            headers.add(new HeaderValue(header.key(), text != null ? text : base64(header.value()),
                    text == null && header.value() != null ? true : null));
        }
        String key = utf8(record.key());
        String value = utf8(record.value());
        return new Message(record.partition(), record.offset(), record.timestamp(), record.timestampType().name,
                key != null ? key : base64(record.key()), key == null && record.key() != null ? true : null,
                value != null ? value : base64(record.value()), value == null && record.value() != null ? true : null,
                headers);
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private Reply produce(HttpCall call) throws Exception {
        String topic = call.path("name");
        ConsoleUser.of(call).require(AclOperation.WRITE, ResourceType.TOPIC, topic);
        ProduceMessage request = call.body(ProduceMessage.class);
        int partitionCount = reader.topic(topic).partitions().size();
        if (request.partition() != null && (request.partition() < 0 || request.partition() >= partitionCount)) {
            throw ProblemException.badRequest("Topic '" + topic + "' has partitions 0 to " + (partitionCount - 1)
                    + ", not " + request.partition());
        }
        List<Header> headers = new ArrayList<>();
        if (request.headers() != null) {
            request.headers().forEach((k, v) -> headers.add(new RecordHeader(k,
                    v == null ? null : v.getBytes(StandardCharsets.UTF_8))));
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, request.partition(), null,
                request.key() == null ? null : request.key().getBytes(StandardCharsets.UTF_8),
                request.value() == null ? null : request.value().getBytes(StandardCharsets.UTF_8), headers);
        try {
            RecordMetadata metadata = clients.producer().send(record)
                    .get(ClusterClients.TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Reply.json(201, new Produced(topic, metadata.partition(), metadata.offset(), metadata.timestamp()));
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
