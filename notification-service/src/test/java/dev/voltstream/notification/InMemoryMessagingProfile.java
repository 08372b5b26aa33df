package dev.voltstream.notification;

import dev.voltstream.notification.messaging.Channels;
import dev.voltstream.testkit.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service with its four incoming channels on the in-memory connector (tests send messages straight in) and a
 * real PostgreSQL database. Every test class using this profile shares one application start.
 */
public class InMemoryMessagingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(InMemoryConnector.switchIncomingChannelsToInMemory(
                Channels.ACCOUNT_UPDATES, Channels.FRAUD_ALERTS, Channels.INVOICES, Channels.STATION_STATUS));
        // one copy of the hot channel: tests send into the in-memory channel by its name (copies get suffixed names)
        config.put("mp.messaging.incoming." + Channels.ACCOUNT_UPDATES + ".concurrency", "1");
        // no broker here: nothing to rebuild the station board from (StationBoardRebuildIT tests it)
        config.put("voltstream.station-board.rebuild", "false");
        // the transient-failure back-off is not under test here; keep the low-balance threshold at its default
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class));
    }
}
