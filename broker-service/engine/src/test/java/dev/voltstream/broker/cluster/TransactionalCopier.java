package dev.voltstream.broker.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Consume-transform-produce, exactly once, as Kafka's TransactionalMessageCopier does it: each poll's records are
 * copied (value + "-copied", same partition) and their offsets committed in one transaction. A transaction that fails
 * is aborted and the consumer rewinds to the group's committed offsets (read with require_stable, so never behind a
 * committing transaction), so the batch is copied again. A commit that times out is retried, as the producer's
 * contract asks. Fatal errors (fenced, unsupported) propagate.
 */
final class TransactionalCopier {
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final String output;
    private long copied;
    private long aborted;

    TransactionalCopier(KafkaConsumer<String, String> consumer, KafkaProducer<String, String> producer,
                        String output) {
        this.consumer = consumer;
        this.producer = producer;
        this.output = output;
    }

    /** Records copied by committed transactions. */
    long copied() {
        return copied;
    }

    /** Transactions aborted after a failure (their batches copied again). */
    long aborted() {
        return aborted;
    }

    /** One poll and, if it returned records, one transaction copying them. */
    void step() {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        try {
            producer.beginTransaction();
            for (ConsumerRecord<String, String> r : records) {
                producer.send(new ProducerRecord<>(output, r.partition(), r.key(), r.value() + "-copied"));
                offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            commitRetryingTimeouts(producer);
            copied += records.count();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException fatal) {
            throw fatal;
        } catch (KafkaException e) {
            aborted++;
            producer.abortTransaction();
            rewind();
        }
    }

    /** commitTransaction, retried after a timeout (the outcome is then unknown; the retry completes it). */
    static void commitRetryingTimeouts(KafkaProducer<String, String> producer) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, Duration.ofSeconds(60));
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata c = committed.get(tp);
            if (c == null) {
                consumer.seekToBeginning(Set.of(tp));
            } else {
                consumer.seek(tp, c.offset());
            }
        }
    }
}
