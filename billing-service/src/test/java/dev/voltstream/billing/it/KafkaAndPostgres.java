package dev.voltstream.billing.it;

import dev.voltstream.testkit.PostgresTestResource;
import dev.voltstream.testkit.VoltstreamBrokerTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The real thing: an in-process Voltstream broker and a real PostgreSQL, the service's own Kafka configuration. */
public class KafkaAndPostgres implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("voltstream.outbox.interval", "50ms");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(VoltstreamBrokerTestResource.class),
                new TestResourceEntry(PostgresTestResource.class, Map.of("prefix", "billing_it")));
    }
}
