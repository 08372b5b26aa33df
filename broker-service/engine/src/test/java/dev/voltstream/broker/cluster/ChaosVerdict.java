package dev.voltstream.broker.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What reading a {@link ChaosLoad}'s topic back found: every acknowledged record must be in the log exactly once, at
 * the offset it was acknowledged at, in producer order. Shared by ChaosSoakIT and infra/chaos/handover-bench.sh.
 */
public final class ChaosVerdict {
    public final List<String> lost = new ArrayList<>();
    public final List<String> duplicated = new ArrayList<>();
    public final List<String> misplaced = new ArrayList<>();
    public final List<String> reordered = new ArrayList<>();
    public long recordsInLog;

    private ChaosVerdict() {
    }

    /** Reads partitions 0..partitions-1 of the load's topic from the beginning to their end and checks them. */
    public static ChaosVerdict readBack(String bootstrap, ChaosLoad load) {
        ChaosVerdict verdict = new ChaosVerdict();
        Map<String, Long> found = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            for (int p = 0; p < load.partitions(); p++) {
                TopicPartition tp = new TopicPartition(load.topic(), p);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
                Map<String, Long> lastSeqOfProducer = new HashMap<>();
                while (consumer.position(tp, Duration.ofSeconds(30)) < end) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        verdict.recordsInLog++;
                        Long earlier = found.put(r.value(), r.offset());
                        if (earlier != null) {
                            verdict.duplicated.add(r.value() + " at " + earlier + " and " + r.offset());
                        }
                        String[] parts = r.value().split("-"); // p<producer>-<partition>-<seq>
                        long seq = Long.parseLong(parts[2]);
                        Long previous = lastSeqOfProducer.put(parts[0], seq);
                        if (previous != null && seq <= previous) {
                            verdict.reordered.add(r.value() + " at offset " + r.offset() + " after seq " + previous);
                        }
                    }
                }
            }
        }
        load.acked.forEach((value, offset) -> {
            Long at = found.get(value);
            if (at == null) {
                verdict.lost.add(value + " (acknowledged at offset " + offset + ")");
            } else if (!at.equals(offset)) {
                verdict.misplaced.add(value + " acknowledged at " + offset + ", found at " + at);
            }
        });
        return verdict;
    }
}
