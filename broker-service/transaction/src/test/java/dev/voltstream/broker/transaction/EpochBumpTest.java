package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.producer.ProducerIdAllocator;

/** Where a producer's epoch goes next and when it rolls to a new producer id (Kafka's epoch bumps). */
class EpochBumpTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    private EpochBump epochs() throws Exception {
        return new EpochBump(new ProducerIdAllocator(dir.resolve("producer-ids")));
    }

    private static TransactionMetadata at(long producerId, short epoch, short tv) {
        return TransactionMetadata.fresh("id", producerId, 60_000, 0).newSession(producerId, epoch, 60_000, false, 0)
                .withPartitions(Set.of(TP), tv, 0);
    }

    @Test
    void aFenceMovesToTheNextEpochAndStaysAtAnExhaustedOne() {
        assertThat(EpochBump.fence((short) 4)).isEqualTo((short) 5);
        assertThat(EpochBump.fence((short) (Short.MAX_VALUE - 1))).isEqualTo((short) (Short.MAX_VALUE - 1));
        assertThat(EpochBump.decision((short) 4)).isEqualTo((short) 5);
    }

    @Test
    void aNewSessionTakesTheNextEpochOrANewProducerIdOnceExhausted() throws Exception {
        EpochBump epochs = epochs();
        TransactionMetadata next = epochs.newSession(at(7L, (short) 3, TransactionMetadata.TV_1), 60_000, false, 1);
        assertThat(next.producerId()).isEqualTo(7L);
        assertThat(next.producerEpoch()).isEqualTo((short) 4);

        TransactionMetadata rolled = epochs.newSession(at(7L, (short) (Short.MAX_VALUE - 1),
                TransactionMetadata.TV_1), 60_000, false, 1);
        assertThat(rolled.producerId()).isNotEqualTo(7L);
        assertThat(rolled.producerEpoch()).isZero();
    }

    @Test
    void aVersion2TransactionDecidedAtTheLastEpochCompletesUnderANewProducerId() throws Exception {
        EpochBump epochs = epochs();
        TransactionMetadata last = at(7L, (short) (Short.MAX_VALUE - 1), TransactionMetadata.TV_2)
                .prepare(true, EpochBump.decision((short) (Short.MAX_VALUE - 1)), TransactionMetadata.TV_2, 1);
        TransactionMetadata completed = epochs.completed(last, 2);
        assertThat(completed.state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(completed.producerId()).isNotEqualTo(7L);
        assertThat(completed.producerEpoch()).isZero();
        assertThat(completed.previousProducerId()).isEqualTo(7L);

        TransactionMetadata usual = epochs.completed(at(7L, (short) 3, TransactionMetadata.TV_2)
                .prepare(false, (short) 4, TransactionMetadata.TV_2, 1), 2);
        assertThat(usual.producerId()).isEqualTo(7L);
        assertThat(usual.producerEpoch()).isEqualTo((short) 4);
        assertThat(usual.state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }
}
