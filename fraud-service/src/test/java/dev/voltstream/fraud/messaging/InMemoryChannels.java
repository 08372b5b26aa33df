package dev.voltstream.fraud.messaging;

import dev.voltstream.kit.db.OutboxRelay;
import dev.voltstream.testkit.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** Swaps the Kafka channels for in-memory ones; keeps a real PostgreSQL (the state is the point). */
public class InMemoryChannels implements QuarkusTestProfile {
    private static final String IN_MEMORY = "smallrye-in-memory";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "mp.messaging.incoming." + Channels.TRANSACTIONS + ".connector", IN_MEMORY,
                "mp.messaging.outgoing." + OutboxRelay.CHANNEL + ".connector", IN_MEMORY,
                // one copy of the channel: the test feeds "transactions" itself (copies would be transactions$1, $2)
                "mp.messaging.incoming." + Channels.TRANSACTIONS + ".concurrency", "1",
                "voltstream.outbox.interval", "20ms",
                // through the (in-memory) channel: the kit's transactional producer would need a broker
                "voltstream.outbox.transactional", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class, Map.of("prefix", "fraud_mem")));
    }
}
