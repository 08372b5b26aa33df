package dev.voltstream.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fan-out: {@code groups} consumer groups (one consumer each) read the same topic from the beginning at the same
 * time. Reports the combined records/s; latency is the time from each record's timestamp to its delivery.
 */
public final class ConsumeLoad {
    private final String bootstrap;
    private final String topic;
    private final int groups;
    private final long recordsPerGroup;
    private final double maxSeconds;

    public ConsumeLoad(String bootstrap, String topic, int groups, long recordsPerGroup, double maxSeconds) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.groups = groups;
        this.recordsPerGroup = recordsPerGroup;
        this.maxSeconds = maxSeconds;
    }

    public RunResult run(java.util.function.Consumer<LatencyRecorder.Sample> progress) throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        long deadline = System.currentTimeMillis() + (long) (maxSeconds * 1000);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String group = "load-" + run + "-" + g;
            Thread t = new Thread(() -> consume(group, recorder, deadline), "load-consumer-" + g);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(1000);
                progress.accept(recorder.tick());
            }
        }
        recorder.tick();
        return RunResult.of(groups + " group" + (groups == 1 ? "" : "s") + " reading " + topic, recorder);
    }

    private void consume(String group, LatencyRecorder recorder, long deadline) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            while (read < recordsPerGroup && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long ageMicros = (System.currentTimeMillis() - r.timestamp()) * 1000;
                    recorder.record(ageMicros, r.value() == null ? 0 : r.value().length);
                    read++;
                }
            }
        }
    }
}
