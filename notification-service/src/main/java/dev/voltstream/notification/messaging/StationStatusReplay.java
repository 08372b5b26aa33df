package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.kit.events.CloudEventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads station-status from the beginning of every partition up to the end offsets seen when it starts (committed
 * records only) with a plain consumer: manual assignment, no group, nothing committed. Each poll's records are handed
 * over as the latest status per station among them (newest {@code occurredAt}, the later record on a tie, as the live
 * path decides), so memory stays bounded by one poll. Records that are not a readable StationStatusChanged
 * (tombstones, other types, poison) are counted and skipped: the live consumer dead-letters them.
 */
public final class StationStatusReplay implements AutoCloseable {
    /** What a replay read. */
    public record Result(long records, long skipped) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final EventReader reader;
    private final BooleanSupplier stopped;

    /**
     * @param clientDefaults the service's Kafka client settings (every {@code kafka.*} property: bootstrap servers,
     *                       and security settings where the broker needs them, as the service's channels get them)
     * @param stopped        polled between fetches: true ends the replay early (the service is shutting down)
     */
    public StationStatusReplay(Map<String, Object> clientDefaults, int maxPollRecords, EventReader reader,
                               BooleanSupplier stopped) {
        this.consumer = new KafkaConsumer<>(config(clientDefaults, maxPollRecords),
                new StringDeserializer(), new StringDeserializer());
        this.reader = reader;
        this.stopped = stopped;
    }

    /** The replay consumer's configuration: the service's client settings, then a group-less read_committed read. */
    static Map<String, Object> config(Map<String, Object> clientDefaults, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>(clientDefaults);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "notification-service-station-board");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return config;
    }

    /** Replays the topic into {@code sink}, one call per poll that held statuses; a missing topic reads nothing. */
    public Result replay(Consumer<Collection<StationStatusChanged>> sink) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.STATION_STATUS, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            return new Result(0, 0);
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        Set<TopicPartition> reading = new HashSet<>();
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, Duration.ofSeconds(30)) < ends.get(tp)) {
                reading.add(tp);
            }
        }
        consumer.pause(partitions.stream().filter(tp -> !reading.contains(tp)).toList());
        long records = 0;
        long skipped = 0;
        while (!reading.isEmpty() && !stopped.getAsBoolean()) {
            ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
            Map<String, StationStatusChanged> latest = new HashMap<>();
            for (ConsumerRecord<String, String> record : polled) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= ends.get(tp)) {
                    continue; // written after we started: the live consumer's business
                }
                records++;
                StationStatusChanged event = read(record);
                if (event == null) {
                    skipped++;
                } else {
                    latest.merge(event.stationId(), event,
                            (kept, next) -> next.occurredAt().isBefore(kept.occurredAt()) ? kept : next);
                }
            }
            if (!latest.isEmpty()) {
                sink.accept(latest.values());
            }
            for (TopicPartition tp : List.copyOf(reading)) {
                if (consumer.position(tp) >= ends.get(tp)) {
                    reading.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
        }
        return new Result(records, skipped);
    }

    private StationStatusChanged read(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader(CloudEventType.HEADER);
        if (record.value() == null || type == null
                || !EventTypes.STATION_STATUS_CHANGED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return null;
        }
        try {
            return reader.read(record.value(), StationStatusChanged.class);
        } catch (PoisonRecordException e) {
            return null;
        }
    }

    /** Interrupts a blocking poll from another thread (the replay then ends with a WakeupException). */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
