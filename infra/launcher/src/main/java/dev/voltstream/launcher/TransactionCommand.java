package dev.voltstream.launcher;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code voltstream transaction}: writes records to a topic in one Kafka transaction and commits or aborts it — what
 * Kafka's console tools cannot do — to see read_committed and read_uncommitted consumers differ. The records are
 * written to the log before the abort (the producer flushes first), so a read_uncommitted consumer sees them.
 */
@Command(name = "transaction", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write records to a topic in one transaction, then commit or abort it.")
public final class TransactionCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "the broker (default: ${DEFAULT-VALUE})")
    String bootstrapServer;

    @Option(names = "--topic", required = true, description = "the topic to write to")
    String topic;

    @Option(names = "--records", paramLabel = "N", defaultValue = "3",
            description = "how many records (values <prefix>-1 .. <prefix>-N, key <prefix>; default: ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--prefix", defaultValue = "txn", description = "key and value prefix (default: ${DEFAULT-VALUE})")
    String prefix;

    @ArgGroup(multiplicity = "1")
    Outcome outcome;

    static final class Outcome {
        @Option(names = "--commit", required = true, description = "commit the transaction")
        boolean commit;

        @Option(names = "--abort", required = true, description = "abort it (after the records are in the log)")
        boolean abort;
    }

    @Override
    public Integer call() {
        if (records < 1) {
            throw new LauncherException("--records must be at least 1, not " + records, 2);
        }
        String transactionalId = "voltstream-cli-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 1; i <= records; i++) {
                producer.send(new ProducerRecord<>(topic, prefix, prefix + "-" + i));
            }
            producer.flush();
            if (outcome.commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
            producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            throw new LauncherException("transaction on " + topic + " failed: " + e.getMessage());
        }
        System.out.printf("%s %d records to %s in transaction %s%n", outcome.commit ? "committed" : "aborted",
                records, topic, transactionalId);
        return 0;
    }
}
