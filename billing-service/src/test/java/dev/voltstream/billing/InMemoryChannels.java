package dev.voltstream.billing;

import dev.voltstream.billing.messaging.Channels;
import dev.voltstream.kit.db.OutboxRelay;
import dev.voltstream.testkit.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Swaps every Kafka channel of billing for the in-memory connector, so tests drive the consumers directly; keeps a
 * real PostgreSQL (the ledger is the point).
 */
public class InMemoryChannels implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> props = new HashMap<>();
        props.putAll(InMemoryConnector.switchIncomingChannelsToInMemory(
                Channels.CHARGING_SESSIONS_IN, Channels.TRANSACTION_VERDICTS_IN));
        props.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory(OutboxRelay.CHANNEL));
        // the in-memory connector has one source per channel name; concurrency would rename the copies
        props.put("mp.messaging.incoming." + Channels.TRANSACTION_VERDICTS_IN + ".concurrency", "1");
        props.put("voltstream.outbox.interval", "50ms");
        // through the (in-memory) channel: the kit's transactional producer would need a broker
        props.put("voltstream.outbox.transactional", "false");
        return props;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class, Map.of("prefix", "billing_mem")));
    }
}
