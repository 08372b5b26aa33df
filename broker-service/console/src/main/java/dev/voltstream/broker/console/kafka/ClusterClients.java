package dev.voltstream.broker.console.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The console's Kafka clients. Created on first use, not at broker start (client start-up costs class loading that
 * would push the broker past its one-second start), and closed with the console. On a secured broker they need a
 * Kafka identity of their own: every {@value #PREFIX}{@code <client setting>} of the broker's properties is given to
 * them (e.g. {@code console.kafka.security.protocol=SASL_SSL}, {@code console.kafka.sasl.jaas.config=...},
 * {@code console.kafka.bootstrap.servers} to use another listener than the first).
 */
public final class ClusterClients implements AutoCloseable {
    /** How long one console call waits for the cluster before answering 504. */
    public static final long TIMEOUT_MS = 10_000;

    public static final String PREFIX = "console.kafka.";

    private final String bootstrapServers;
    private final Map<String, String> settings;
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    /** {@code settings}: client settings given to every client, over the console's own. */
    public ClusterClients(String bootstrapServers, Map<String, String> settings) {
        this.bootstrapServers = bootstrapServers;
        this.settings = Map.copyOf(settings);
    }

    /** The {@value #PREFIX}{@code *} settings of {@code brokerProperties}, prefix removed. */
    public static Map<String, String> settings(Map<String, String> brokerProperties) {
        Map<String, String> settings = new HashMap<>();
        brokerProperties.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                settings.put(k.substring(PREFIX.length()), v);
            }
        });
        return settings;
    }

    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = common("voltstream-console-admin");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
            admin = Admin.create(config);
        }
        return admin;
    }

    public synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = common("voltstream-console-producer");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * A fresh consumer without a group (assign and seek only); the caller closes it. It reads committed records only,
     * as the services do: an aborted transaction's records are never shown, and a partition's end is its last stable
     * offset.
     */
    public KafkaConsumer<byte[], byte[]> browsingConsumer() {
        Map<String, Object> config = common("voltstream-console-browser");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> common(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.putAll(settings);
        return config;
    }

    /** Waits for an Admin result, rethrowing the Kafka exception itself (not the ExecutionException wrapper). */
    public static <T> T await(KafkaFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("The cluster did not answer within "
                    + TIMEOUT_MS + " ms");
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
