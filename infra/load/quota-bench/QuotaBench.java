import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The clients of infra/load/quota-bench.sh: stock Java clients under a byte-rate quota, each measured for the same
 * time from its first throttle, once the quota window's first burst (which Kafka lets through) is spent.
 *
 * <p>{@code run BOOTSTRAP QUOTA WARMUP_S MEASURE_S}: sets {@code producer_byte_rate=QUOTA} for client ids
 * {@code quota-acks-all} and {@code quota-acks-1}, and {@code consumer_byte_rate=QUOTA} for {@code quota-consumer};
 * fills topic {@code quota-fill} (unthrottled client id) with enough data for the consumer; then at once: two stock
 * producers (default {@code max.in.flight.requests.per.connection}, 16 KiB batches, acks=all and acks=1) sending 1 KiB
 * records flat out to topics {@code quota-all} and {@code quota-one}, and a stock consumer (assigned, no group)
 * reading {@code quota-fill} from the start. Each client's bytes on the wire (its {@code outgoing-byte-total} for
 * producers — the Produce request sizes the broker meters — and {@code incoming-byte-total} for the consumer — the
 * Fetch response sizes) are measured over MEASURE_S seconds from its first throttle, when the quota window's first
 * burst is spent (on a loaded machine a client may need longer than any fixed warm-up to spend it); WARMUP_S is how
 * long that may take at most (twice WARMUP_S + MEASURE_S in all). Prints one line per client:
 * {@code name achieved-bytes/s quota ratio}.
 */
public class QuotaBench {
    private static final int RECORD = 1024;

    public static void main(String[] args) throws Exception {
        if (args.length != 5 || !args[0].equals("run")) {
            System.err.println("usage: QuotaBench run BOOTSTRAP QUOTA WARMUP_S MEASURE_S");
            System.exit(2);
        }
        String bootstrap = args[1];
        long quota = Long.parseLong(args[2]);
        long warmupMs = Long.parseLong(args[3]) * 1000;
        long measureMs = Long.parseLong(args[4]) * 1000;
        prepare(bootstrap, quota, quota * (warmupMs + measureMs) / 1000 * 3 / 2);

        AtomicBoolean running = new AtomicBoolean(true);
        List<Client> clients = List.of(new ProducerClient(bootstrap, "quota-acks-all", "all", "quota-all", running),
                new ProducerClient(bootstrap, "quota-acks-1", "1", "quota-one", running),
                new ConsumerClient(bootstrap, running));
        List<Thread> threads = new ArrayList<>();
        for (Client client : clients) {
            Thread t = new Thread(client::run, client.name);
            t.start();
            threads.add(t);
        }
        if (Boolean.getBoolean("quota.bench.trace")) {
            Thread tracer = new Thread(() -> trace(clients, running), "trace");
            tracer.setDaemon(true);
            tracer.start();
        }
        // each client is measured from its first throttle (its burst is spent then) for measureMs; warmupMs bounds
        // the wait for it
        long deadline = System.nanoTime() + (warmupMs + measureMs) * 1_000_000 * 2;
        for (Client client : clients) {
            client.measureFor(measureMs);
        }
        while (!clients.stream().allMatch(Client::measured) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
        for (Client client : clients) {
            if (!client.measured()) {
                throw new IllegalStateException(client.name + " was not throttled and measured in time");
            }
            double rate = client.rate();
            System.out.printf("%s %.0f %d %.3f%n", client.name, rate, quota, rate / quota);
        }
    }

    /** With -Dquota.bench.trace=true: each client's bytes per second, one line a second on stderr. */
    private static void trace(List<Client> clients, AtomicBoolean running) {
        Map<String, Long> last = new HashMap<>();
        long start = System.nanoTime();
        for (int second = 1; running.get(); second++) {
            try {
                Thread.sleep(Math.max(0, start / 1_000_000 + second * 1000L - System.nanoTime() / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            StringBuilder line = new StringBuilder("second " + second);
            for (Client client : clients) {
                long now = client.bytes.get();
                line.append(' ').append(client.name).append(' ').append(now - last.getOrDefault(client.name, now));
                last.put(client.name, now);
            }
            System.err.println(line);
        }
    }

    private static void prepare(String bootstrap, long quota, long fillBytes) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (String topic : List.of("quota-all", "quota-one", "quota-fill")) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<ClientQuotaAlteration> alterations = new ArrayList<>();
            for (String[] q : new String[][] {{"quota-acks-all", "producer_byte_rate"},
                    {"quota-acks-1", "producer_byte_rate"}, {"quota-consumer", "consumer_byte_rate"}}) {
                ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, q[0]));
                alterations.add(new ClientQuotaAlteration(entity,
                        List.of(new ClientQuotaAlteration.Op(q[1], (double) quota))));
            }
            admin.alterClientQuotas(alterations).all().get();
        }
        Map<String, Object> config = producerConfig(bootstrap, "quota-filler", "1");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<byte[], byte[]> filler = new KafkaProducer<>(config)) {
            byte[] value = new byte[RECORD];
            for (long sent = 0; sent < fillBytes; sent += RECORD) {
                filler.send(new ProducerRecord<>("quota-fill", value));
            }
            filler.flush();
        }
    }

    private static Map<String, Object> producerConfig(String bootstrap, String clientId, String acks) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, acks);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * A client whose bytes on the wire are read from its own metrics, on its own thread: from its first throttle on it
     * counts them for the measurement's time.
     */
    abstract static class Client {
        final String name;
        final AtomicBoolean running;
        final AtomicLong bytes = new AtomicLong();
        private volatile long measureNanos;
        private long startNanos = -1;
        private long startBytes;
        private volatile double rate = -1;

        Client(String name, AtomicBoolean running) {
            this.name = name;
            this.running = running;
        }

        void measureFor(long ms) {
            measureNanos = ms * 1_000_000;
        }

        boolean measured() {
            return rate >= 0;
        }

        double rate() {
            return rate;
        }

        /** Called by the client's thread with its bytes on the wire and its largest throttle so far. */
        void observe(long bytesOnTheWire, double throttleMax) {
            bytes.set(bytesOnTheWire);
            long now = System.nanoTime();
            if (startNanos < 0 && throttleMax > 0 && measureNanos > 0) {
                startNanos = now;
                startBytes = bytesOnTheWire;
            } else if (startNanos >= 0 && rate < 0 && now - startNanos >= measureNanos) {
                rate = (bytesOnTheWire - startBytes) * 1e9 / (now - startNanos);
            }
        }

        abstract void run();

        /** The metric's value, 0 while it has none (NaN). */
        static long metric(Map<MetricName, ? extends Metric> metrics, String group, String name) {
            for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
                if (e.getKey().name().equals(name) && e.getKey().group().equals(group)) {
                    double value = ((Number) e.getValue().metricValue()).doubleValue();
                    return Double.isNaN(value) ? 0 : (long) value;
                }
            }
            throw new IllegalStateException("no metric " + group + "/" + name);
        }
    }

    static final class ProducerClient extends Client {
        private final Map<String, Object> config;
        private final String topic;

        ProducerClient(String bootstrap, String clientId, String acks, String topic, AtomicBoolean running) {
            super("producer-acks-" + acks, running);
            this.config = producerConfig(bootstrap, clientId, acks);
            this.topic = topic;
        }

        @Override
        void run() {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
            byte[] value = new byte[RECORD];
            AtomicLong failures = new AtomicLong();
            while (running.get()) {
                // send() blocks while the buffer is full, so the metric is read at least once per freed batch
                producer.send(new ProducerRecord<>(topic, value), (m, e) -> {
                    if (e != null && running.get()) {   // not those aborted by the close below
                        failures.incrementAndGet();
                    }
                });
                observe(metric(producer.metrics(), "producer-metrics", "outgoing-byte-total"),
                        metric(producer.metrics(), "producer-metrics", "produce-throttle-time-max"));
            }
            producer.close(Duration.ZERO);
            if (failures.get() > 0) {
                System.err.println(name + ": " + failures.get() + " records failed during the run");
            }
        }
    }

    static final class ConsumerClient extends Client {
        private final Map<String, Object> config = new HashMap<>();

        ConsumerClient(String bootstrap, AtomicBoolean running) {
            super("consumer", running);
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "quota-consumer");
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        }

        @Override
        void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                TopicPartition partition = new TopicPartition("quota-fill", 0);
                consumer.assign(Set.of(partition));
                consumer.seekToBeginning(Set.of(partition));
                while (running.get()) {
                    consumer.poll(Duration.ofMillis(100));
                    observe(metric(consumer.metrics(), "consumer-metrics", "incoming-byte-total"),
                        metric(consumer.metrics(), "consumer-fetch-manager-metrics", "fetch-throttle-time-max"));
                }
            }
        }
    }
}
