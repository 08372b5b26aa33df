import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One run of infra/load/cleaner-bench.sh against a running broker (ours or Kafka's, single node, data in DATA_DIR):
 * writes MB megabytes of KEYS distinct keys (values of 100..1024 random bytes, seeded) to a 1-partition topic with
 * cleanup.policy=delete and 16 MiB segments, so nothing is cleaned while it fills; then turns the topic to
 * cleanup.policy=compact and times until the cleaner's checkpoint reaches the active segment (every rolled segment
 * cleaned), and measures the size of the partition's .log files before and after. A second producer (acks=all, 200
 * records/s of 512 B to another topic) runs throughout; its p99 latency is reported for 10 s before compaction
 * (baseline) and for the compaction itself. With PROBE {@code throughput} that producer is unpaced and its
 * acknowledged records/s are reported instead (the "p99" columns then hold records/s).
 *
 * usage: java -cp KAFKA_CLASSPATH CleanerBench.java BOOTSTRAP DATA_DIR MB KEYS [latency|throughput]
 * prints one line: fill_s size_before_bytes size_after_bytes compact_s p99_base_ms p99_compact_ms records
 *                  cleanable_bytes (the rolled segments: all but the active one, which no cleaner touches)
 */
public final class CleanerBench {
    static final String TOPIC = "cleaner-bench";
    static final String LATENCY_TOPIC = "cleaner-bench-latency";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Path dataDir = Path.of(args[1]);
        long bytes = Long.parseLong(args[2]) * 1024 * 1024;
        int keys = Integer.parseInt(args[3]);
        boolean throughput = args.length > 4 && args[4].equals("throughput");
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            admin.createTopics(List.of(
                    new NewTopic(TOPIC, 1, (short) 1).configs(Map.of("cleanup.policy", "delete",
                            "segment.bytes", Integer.toString(16 * 1024 * 1024), "retention.ms", "-1",
                            "retention.bytes", "-1")),
                    new NewTopic(LATENCY_TOPIC, 1, (short) 1))).all().get();
            long fillStart = System.nanoTime();
            long records = fill(bootstrap, bytes, keys);
            double fillS = (System.nanoTime() - fillStart) / 1e9;

            Path partition = dataDir.resolve(TOPIC + "-0");
            try (ProbeProducer probe = new ProbeProducer(bootstrap, throughput)) {
                probe.start();
                if (throughput) {
                    Thread.sleep(2_000); // connections, metadata, the JIT: not part of the "before" rate
                    probe.rateAndReset();
                }
                Thread.sleep(10_000);
                double p99Base = throughput ? probe.rateAndReset() : probe.p99AndReset();
                long before = logBytes(partition);
                long activeBase = activeBase(partition);
                long cleanable = before - Files.size(partition.resolve(String.format("%020d.log", activeBase)));
                long t0 = System.nanoTime();
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC),
                        List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"),
                                AlterConfigOp.OpType.SET)))).all().get();
                long deadline = t0 + 600_000_000_000L;
                while (checkpoint(dataDir, partition) < activeBase) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not compacted after 600 s");
                    }
                    Thread.sleep(20);
                }
                double compactS = (System.nanoTime() - t0) / 1e9;
                double p99Compact = throughput ? probe.rateAndReset() : probe.p99AndReset();
                // A cleaned segment replaces its old files; the old ones are deleted after file.delete.delay.ms
                // (Kafka: 60 s by default), so count only the live .log files (not *.deleted / *.cleaned / *.swap).
                long after = logBytes(partition);
                System.out.printf("%.2f %d %d %.2f %.2f %.2f %d %d%n", fillS, before, after, compactS, p99Base,
                        p99Compact, records, cleanable);
            }
        }
    }

    static long fill(String bootstrap, long bytes, int keys) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Random random = new Random(42);
        byte[] pool = new byte[1 << 20];
        random.nextBytes(pool);
        long written = 0;
        long records = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            while (written < bytes) {
                byte[] key = String.format("key-%06d", random.nextInt(keys)).getBytes();
                int size = 100 + random.nextInt(925);
                int at = random.nextInt(pool.length - size);
                byte[] value = Arrays.copyOfRange(pool, at, at + size);
                producer.send(new ProducerRecord<>(TOPIC, key, value));
                written += key.length + size;
                records++;
            }
            producer.flush();
        }
        return records;
    }

    /** The live segments' bytes (not the files a cleaner left for deletion). */
    static long logBytes(Path partition) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    static long activeBase(Path partition) throws IOException {
        try (Stream<Path> files = Files.list(partition)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .mapToLong(n -> Long.parseLong(n.substring(0, n.length() - 4))).max().orElseThrow();
        }
    }

    /**
     * How far the cleaner has cleaned: Kafka keeps one {@code cleaner-offset-checkpoint} per log dir ("topic partition
     * offset" lines), Voltstream one per partition directory (the offset alone). -1 before the first pass.
     */
    static long checkpoint(Path dataDir, Path partition) {
        try {
            Path ours = partition.resolve("cleaner-offset-checkpoint");
            if (Files.exists(ours)) {
                return Long.parseLong(Files.readString(ours).trim());
            }
            Path kafka = dataDir.resolve("cleaner-offset-checkpoint");
            if (Files.exists(kafka)) {
                for (String line : Files.readAllLines(kafka)) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 3 && f[0].equals(TOPIC) && f[1].equals("0")) {
                        return Long.parseLong(f[2]);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // being rewritten: look again
        }
        return -1;
    }

    /**
     * acks=all records of 512 B to the probe topic, each send timed from send() to its callback: 200 records/s, or
     * (throughput) as fast as the broker acknowledges them, batched as ProducerPerformance's defaults (linger 5 ms).
     */
    static final class ProbeProducer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final boolean unpaced;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> latenciesUs = new ArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
        private volatile long windowStart;
        private Thread thread;

        ProbeProducer(String bootstrap, boolean unpaced) {
            this.unpaced = unpaced;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, unpaced ? "5" : "0");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }

        void start() {
            byte[] value = new byte[512];
            windowStart = System.nanoTime();
            thread = new Thread(() -> {
                long next = System.nanoTime();
                while (running.get()) {
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(LATENCY_TOPIC, value), (md, e) -> {
                        if (e == null && unpaced) {
                            acked.incrementAndGet();
                        } else if (e == null) {
                            synchronized (latenciesUs) {
                                latenciesUs.add((System.nanoTime() - sent) / 1000);
                            }
                        }
                    });
                    if (unpaced) {
                        continue; // send() blocks once the producer's buffer is full: the broker sets the pace
                    }
                    next += 5_000_000L;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "probe-producer");
            thread.start();
        }

        /** Records acknowledged per second since the last reset. */
        double rateAndReset() {
            synchronized (latenciesUs) {
                long now = System.nanoTime();
                double rate = acked.getAndSet(0) / ((now - windowStart) / 1e9);
                windowStart = now;
                return rate;
            }
        }

        double p99AndReset() {
            synchronized (latenciesUs) {
                long[] sorted = latenciesUs.stream().mapToLong(Long::longValue).sorted().toArray();
                latenciesUs.clear();
                return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1,
                        Math.ceil(sorted.length * 0.99) - 1)] / 1000.0;
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
            producer.close();
        }
    }
}
