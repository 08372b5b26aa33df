package dev.voltstream.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Producers sending fixed-size records at a target rate (or flat out), recording the latency from each record's
 * intended send time to its acknowledgement. Bounded by a record count and a time limit.
 */
public final class ProduceLoad {
    private final ProduceOptions options;

    public ProduceLoad(ProduceOptions options) {
        this.options = options;
    }

    /**
     * Runs the load; {@code progress} receives one sample a second. The clock (and the pacing) starts once every
     * producer is connected and knows the topic's partitions, so client start-up counts neither as run time nor as
     * latency.
     */
    public RunResult run(Consumer<LatencyRecorder.Sample> progress) throws Exception {
        createTopic();
        List<KafkaProducer<byte[], byte[]>> producers = new ArrayList<>();
        try {
            for (int i = 0; i < options.producers(); i++) {
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig());
                producers.add(producer);
                producer.partitionsFor(options.topic());
            }
            LatencyRecorder recorder = new LatencyRecorder();
            AtomicLong next = new AtomicLong();
            RatePacer pacer = new RatePacer(options.rate());
            long deadline = System.nanoTime() + (long) (options.maxSeconds() * 1e9);
            List<Runnable> tasks = new ArrayList<>();
            for (KafkaProducer<byte[], byte[]> producer : producers) {
                tasks.add(() -> produce(producer, recorder, next, pacer, deadline));
            }
            LoadThreads.runAll("load-producer-", tasks, recorder, progress);
            return RunResult.of(options.label(), recorder);
        } finally {
            producers.forEach(KafkaProducer::close);
        }
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, LatencyRecorder recorder, AtomicLong next,
                         RatePacer pacer, long deadline) {
        Random random = new Random();
        byte[] value = new byte[options.recordSize()];
        random.nextBytes(value);
        long index;
        while ((index = next.getAndIncrement()) < options.records() && System.nanoTime() < deadline) {
            long intended = pacer.awaitTurn(index);
            byte[] key = options.keyed()
                    ? ("key-" + (index % 10_000)).getBytes(StandardCharsets.UTF_8) : null;
            producer.send(new ProducerRecord<>(options.topic(), key, value), (md, e) -> {
                if (e == null) {
                    recorder.record((System.nanoTime() - intended) / 1000, value.length);
                } else {
                    recorder.error();
                }
            });
        }
        producer.flush();
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, options.acks());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, options.compression());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return ClientConfigFile.apply(config);
    }

    private void createTopic() throws Exception {
        Topics.create(options.bootstrap(), options.topic(), options.partitions(), (short) -1, Map.of());
    }
}
