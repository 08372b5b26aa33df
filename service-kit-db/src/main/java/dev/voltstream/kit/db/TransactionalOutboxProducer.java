package dev.voltstream.kit.db;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The transactional publisher ({@code voltstream.outbox.transactional=true}, the default): a plain Kafka producer with
 * the relay instance's {@code transactional.id}, one transaction per round. Created (and {@code initTransactions()}:
 * fencing a previous incarnation of the same instance and aborting what it left open) at the first round; after a
 * failure that {@code abortTransaction()} cannot clear (fenced, a commit that timed out, a fatal error) it is closed
 * and the next round starts a new one with the same id. Used by the relay thread only.
 */
public final class TransactionalOutboxProducer implements OutboxPublisher {
    private static final Logger LOG = Logger.getLogger(TransactionalOutboxProducer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    private final Map<String, Object> config;
    private final URI source;
    private Producer<String, String> producer;

    /** @param config the producer's configuration ({@link #config}) */
    public TransactionalOutboxProducer(Map<String, Object> config, URI source) {
        this.config = Map.copyOf(config);
        this.source = source;
    }

    /**
     * A transactional producer's configuration: the service's Kafka client settings ({@code clientDefaults}: every
     * {@code kafka.*} property — bootstrap servers, and security settings where the broker needs them, as the
     * service's channels get them), then String keys and values, acks=all, idempotence, {@code client.id} =
     * {@code transactional.id}; {@code blockTimeout} bounds {@code initTransactions()}, a send waiting for metadata and
     * {@code commitTransaction()} (max.block.ms); the broker aborts a transaction still open after
     * {@code transactionTimeout} (transaction.timeout.ms: how long a relay that died mid-round holds back
     * read_committed readers of the partitions it wrote).
     */
    public static Map<String, Object> config(Map<String, Object> clientDefaults, String transactionalId,
                                             Duration blockTimeout, Duration transactionTimeout) {
        Map<String, Object> config = new HashMap<>(clientDefaults);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) blockTimeout.toMillis());
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        return config;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public void begin() {
        if (producer == null) {
            Producer<String, String> created = new KafkaProducer<>(config);
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        producer.beginTransaction();
    }

    @Override
    public CompletionStage<Void> send(OutboxEvent row) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(OutboxRecords.event(row, source).toRecord(row.topic()), (metadata, failure) -> {
            if (failure == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(failure);
            }
        });
        return acked;
    }

    @Override
    public void commit() {
        producer.commitTransaction();
    }

    @Override
    public void abort() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.warnf("outbox producer %s cannot abort (%s): closing it, the next round starts a new one",
                    config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG), e.toString());
            close();
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.debugf("closing the outbox producer: %s", e.toString());
            }
            producer = null;
        }
    }
}
