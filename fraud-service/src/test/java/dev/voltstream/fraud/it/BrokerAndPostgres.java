package dev.voltstream.fraud.it;

import dev.voltstream.testkit.PostgresTestResource;
import dev.voltstream.testkit.VoltstreamBrokerTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The real Kafka connector against the in-process broker, and a real PostgreSQL. */
public class BrokerAndPostgres implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // one DEBUG line per polled batch (size, time): shows the batch path at work in the IT's log
        return Map.of("quarkus.log.category.\"dev.voltstream.fraud.messaging.TransactionConsumer\".level", "DEBUG");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(VoltstreamBrokerTestResource.class),
                new TestResourceEntry(PostgresTestResource.class, Map.of("prefix", "fraud_it")));
    }
}
