package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.kit.events.EventCodec;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionReaderTest {
    private final TransactionReader reader = new TransactionReader(new EventCodec(EventJson.newMapper()));

    @Test
    void readsTheGoldenSample() {
        Transaction tx = reader.read(EventSamples.json("Transaction"));

        assertThat(tx).isEqualTo(EventSamples.read(Transaction.class));
        assertThat(tx.type()).isEqualTo(TransactionType.CARD);
        assertThat(tx.amount()).isEqualByComparingTo("42.50");
        assertThat(tx.location()).isNotNull();
    }

    @Test
    void malformedJsonIsPoison() {
        assertThatThrownBy(() -> reader.read("{not json")).isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("not a valid Transaction");
    }

    @Test
    void anEmptyValueIsPoison() {
        assertThatThrownBy(() -> reader.read("")).isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void aMissingRequiredFieldIsPoison() {
        String noAccount = EventSamples.json("Transaction").replace("\"accountId\": \"acc-0007\",", "");

        assertThatThrownBy(() -> reader.read(noAccount)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("accountId");
    }

    @Test
    void aNonPositiveAmountIsPoison() {
        String negative = EventSamples.json("Transaction").replace("42.50", "-1.00");

        assertThatThrownBy(() -> reader.read(negative)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("positive");
    }
}
