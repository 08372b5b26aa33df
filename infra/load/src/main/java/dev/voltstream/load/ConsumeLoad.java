package dev.voltstream.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fan-out: {@code groups} consumer groups (one consumer each) read the same topic from the beginning at the same
 * time. Reports the combined records/s, timed from the moment every group has its partitions (joining a group is
 * not reading); latency is the time from each record's timestamp to its delivery.
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
        StartLine start = new StartLine(groups, recorder, deadline);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Runnable> tasks = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String group = "load-" + run + "-" + g;
            tasks.add(() -> consume(group, recorder, start, deadline));
        }
        LoadThreads.runAll("load-consumer-", tasks, recorder, progress);
        return RunResult.of(groups + " group" + (groups == 1 ? "" : "s") + " reading " + topic, recorder);
    }

    private void consume(String group, LatencyRecorder recorder, StartLine start, long deadline) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigFile.apply(config))) {
            consumer.subscribe(List.of(topic), start.listener());
            while (read < recordsPerGroup && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long ageMicros = (System.currentTimeMillis() - r.timestamp()) * 1000;
                    recorder.record(ageMicros, r.value() == null ? 0 : r.value().length);
                    read++;
                }
            }
        }
    }

    /**
     * Holds every group's first fetch until all groups have their partitions, then restarts the recorder's clock
     * (once) and lets them all read.
     */
    private static final class StartLine {
        private final AtomicInteger waiting;
        private final CountDownLatch started = new CountDownLatch(1);
        private final LatencyRecorder recorder;
        private final long deadline;

        StartLine(int groups, LatencyRecorder recorder, long deadline) {
            this.waiting = new AtomicInteger(groups);
            this.recorder = recorder;
            this.deadline = deadline;
        }

        /** The listener of one group's consumer: it counts that group once. */
        ConsumerRebalanceListener listener() {
            return new ConsumerRebalanceListener() {
                private boolean counted;

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty() && !counted) {
                        counted = true;
                        arrive();
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }
            };
        }

        private void arrive() {
            if (waiting.decrementAndGet() == 0) {
                recorder.restart();
                started.countDown();
            }
            try {
                started.await(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
