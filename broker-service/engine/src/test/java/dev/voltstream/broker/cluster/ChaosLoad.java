package dev.voltstream.broker.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load of a chaos soak: idempotent {@code acks=all} producers writing numbered records ({@code p<producer>-
 * <partition>-<seq>}) round-robin to explicit partitions, and consumer groups that commit what they read after every
 * poll. It records every acknowledged record with its offset, the longest gap between two acknowledgements per
 * partition (how long the partition could not be written), and every successful commit, flagging one that moves a
 * group's committed offset backwards, and counts the sends that failed. Public for infra/chaos/handover-bench.sh,
 * which runs it as its probe against a local cluster.
 */
public final class ChaosLoad implements AutoCloseable {
    private final String bootstrap;
    private final String topic;
    private final int partitions;
    private final int ratePerProducer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
    /** Acknowledged value to its offset. */
    final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final long[] lastAckNanos;
    private final long[] longestGapNanos;
    /** Like longestGapNanos, since the last {@link #startWindow()}: the gaps during one fault. */
    private final long[] windowGapNanos;
    /** When the longest gap of the window ended, per partition, and when the window started. */
    private final long[] windowGapEndNanos;
    private long windowStartNanos;
    /** Per group and partition: the highest offset committed successfully. */
    private final Map<String, Map<Integer, Long>> committed = new ConcurrentHashMap<>();
    final List<String> regressions = new ArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong errors = new AtomicLong();

    /** {@code ratePerProducer} records per second per producer: a steady load, not a benchmark. */
    public ChaosLoad(String bootstrap, String topic, int partitions, int ratePerProducer) {
        this.ratePerProducer = ratePerProducer;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
        this.lastAckNanos = new long[partitions];
        this.longestGapNanos = new long[partitions];
        this.windowGapNanos = new long[partitions];
        this.windowGapEndNanos = new long[partitions];
    }

    public void startProducer(int id) {
        start("chaos-producer-" + id, () -> produce(id));
    }

    void startConsumer(String group, int member) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        synchronized (consumers) {
            consumers.add(consumer);
        }
        committed.putIfAbsent(group, new ConcurrentHashMap<>());
        start("chaos-consumer-" + group + "-" + member, () -> consume(consumer, group));
    }

    private void start(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                if (running.get()) {
                    failure.compareAndSet(null, t);
                }
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void produce(int id) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        Semaphore inFlight = new Semaphore(500); // bounds memory while a partition is unavailable
        long startNanos = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long seq = 0; running.get(); seq++) {
                long due = startNanos + seq * 1_000_000_000L / ratePerProducer;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the load, not waiting for a condition
                }
                int partition = (int) (seq % partitions);
                String value = "p" + id + "-" + partition + "-" + seq;
                inFlight.acquireUninterruptibly();
                producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, e) -> {
                    inFlight.release();
                    if (e == null) {
                        acked.put(value, metadata.offset());
                        noteAck(partition);
                    } else {
                        errors.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
    }

    private synchronized void noteAck(int partition) {
        long now = System.nanoTime();
        if (lastAckNanos[partition] != 0) {
            long gap = now - lastAckNanos[partition];
            longestGapNanos[partition] = Math.max(longestGapNanos[partition], gap);
            if (gap > windowGapNanos[partition]) {
                windowGapNanos[partition] = gap;
                windowGapEndNanos[partition] = now;
            }
        }
        lastAckNanos[partition] = now;
    }

    private void consume(KafkaConsumer<String, String> consumer, String group) {
        consumer.subscribe(List.of(topic));
        try {
            while (running.get()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                try {
                    consumer.commitSync(offsets, Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    continue; // rebalance or a coordinator move: the next poll retries from what was committed
                }
                offsets.forEach((tp, om) -> noteCommit(group, tp.partition(), om.offset()));
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void noteCommit(String group, int partition, long offset) {
        Map<Integer, Long> byPartition = committed.get(group);
        synchronized (byPartition) {
            Long previous = byPartition.get(partition);
            if (previous != null && offset < previous) {
                synchronized (regressions) {
                    regressions.add(group + " partition " + partition + ": committed " + offset + " after "
                            + previous);
                }
            }
            byPartition.merge(partition, offset, Math::max);
        }
    }

    /** The sum of the highest committed offsets of a group: grows while the group makes progress. */
    long committedTotal(String group) {
        return committed.getOrDefault(group, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    public String topic() {
        return topic;
    }

    public int partitions() {
        return partitions;
    }

    /** Sends that failed for good (after the producer's retries, within its delivery.timeout.ms). */
    public long errorCount() {
        return errors.get();
    }

    /** The first exception of a producer or consumer thread, or null. */
    public Throwable failure() {
        return failure.get();
    }

    public int ackedCount() {
        return acked.size();
    }

    /** Starts a new window for {@link #longestWindowGapMs()}. */
    public synchronized void startWindow() {
        java.util.Arrays.fill(windowGapNanos, 0);
        windowStartNanos = System.nanoTime();
    }

    /** When (ms after {@link #startWindow()}) the window's longest gap ended: which phase of a fault it fell in. */
    synchronized long longestWindowGapEndMs() {
        int longest = 0;
        for (int p = 1; p < partitions; p++) {
            if (windowGapNanos[p] > windowGapNanos[longest]) {
                longest = p;
            }
        }
        return (windowGapEndNanos[longest] - windowStartNanos) / 1_000_000;
    }

    /** The longest gap in ms between two acknowledgements of any partition since {@link #startWindow()}. */
    synchronized long longestWindowGapMs() {
        long max = 0;
        for (int p = 0; p < partitions; p++) {
            max = Math.max(max, windowGapNanos[p]);
        }
        return max / 1_000_000;
    }

    /**
     * Per partition, the longest time in ms between two acknowledgements since {@link #startWindow()}, counting a gap
     * still open now (no acknowledgement since) as well.
     */
    public synchronized long[] windowGapsMs() {
        long now = System.nanoTime();
        long[] ms = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            long open = lastAckNanos[p] == 0 ? 0 : now - lastAckNanos[p];
            ms[p] = Math.max(windowGapNanos[p], open) / 1_000_000;
        }
        return ms;
    }

    /** Per partition, when (ms after {@link #startWindow()}) the longest gap of {@link #windowGapsMs()} ended. */
    public synchronized long[] windowGapEndsMs() {
        long now = System.nanoTime();
        long[] ms = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            boolean open = lastAckNanos[p] != 0 && now - lastAckNanos[p] > windowGapNanos[p];
            ms[p] = ((open ? now : windowGapEndNanos[p]) - windowStartNanos) / 1_000_000;
        }
        return ms;
    }

    /** Longest time in ms between two acknowledgements of each partition. */
    public synchronized long[] longestGapsMs() {
        long[] ms = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            ms[p] = longestGapNanos[p] / 1_000_000;
        }
        return ms;
    }

    /** Stops producing (flushing what is in flight) and consuming. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        synchronized (consumers) {
            consumers.forEach(KafkaConsumer::wakeup);
        }
        for (Thread thread : threads) {
            thread.join(180_000);
        }
    }
}
