package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.fraud.domain.VerdictRecord;
import dev.voltstream.fraud.rules.Transactions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deciding in batches is deciding one by one: the same sequence of transactions (out-of-order times, amounts and
 * places that make every account rule fire now and then) gets the same verdicts and reasons whether each transaction
 * is its own batch, all are one batch, or they come in uneven batches.
 */
@QuarkusTest
@TestProfile(InMemoryChannels.class)
class BatchEquivalenceTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String[] AMOUNTS = {"5.00", "40.00", "100.00", "700.00", "1900.00", "2500.00"};
    private static final GeoLocation[] PLACES = {Transactions.BERLIN, Transactions.BERLIN_MITTE, Transactions.MADRID};

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    /** (offset in seconds, amount, place) of each transaction; the same for every account. */
    private record Step(long seconds, String amount, GeoLocation place) {
    }

    @Test
    void batchesDecideExactlyAsOneByOne() {
        Random random = new Random(8);
        Instant start = Instant.now().minus(Duration.ofHours(1));
        List<Step> steps = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < 40; i++) {
            // mostly forward in bursts, sometimes a late one from the past
            at = random.nextInt(6) == 0 ? Math.max(0, at - random.nextInt(90)) : at + random.nextInt(25);
            steps.add(new Step(at, AMOUNTS[random.nextInt(AMOUNTS.length)], PLACES[random.nextInt(PLACES.length)]));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);

        List<String> oneByOne = decide(steps, start, "acc-eq1-" + run, 1);
        List<String> oneBatch = decide(steps, start, "acc-eqN-" + run, steps.size());
        List<String> uneven = decide(steps, start, "acc-eq7-" + run, 7);

        assertThat(oneByOne).as("the rules fire in this sequence").anyMatch(v -> v.contains("VELOCITY"))
                .anyMatch(v -> v.contains("IMPOSSIBLE_TRAVEL")).anyMatch(v -> v.contains("DAILY_LIMIT"));
        assertThat(oneBatch).isEqualTo(oneByOne);
        assertThat(uneven).isEqualTo(oneByOne);
    }

    /** Sends the steps as {@code account}'s transactions in batches of {@code size}; "VERDICT reasons" per step. */
    private List<String> decide(List<Step> steps, Instant start, String account, int size) {
        InMemorySource<Message<List<String>>> source = connector.source(Channels.TRANSACTIONS);
        List<String> ids = new ArrayList<>();
        List<TestMessages.Tracked> batch = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String id = account + "-tx-" + i;
            ids.add(id);
            batch.add(TestMessages.transaction(new Transaction(id, id, account, TransactionType.CARD,
                    new BigDecimal(step.amount()), "EUR", "pos-1", step.place(), null,
                    start.plusSeconds(step.seconds()))));
            if (batch.size() == size || i == steps.size() - 1) {
                assertThat(TestMessages.sendBatch(source, WAIT, batch.toArray(TestMessages.Tracked[]::new)))
                        .containsOnlyNulls();
                batch.clear();
            }
        }
        return QuarkusTransaction.requiringNew().call(() -> ids.stream()
                .map(id -> VerdictRecord.<VerdictRecord>findById(id))
                .map(v -> v.verdict + " " + v.reasons).toList());
    }
}
