package dev.voltstream.notification.it;

import dev.voltstream.testkit.PostgresTestResource;
import dev.voltstream.testkit.VoltstreamBrokerTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The service as deployed: Kafka channels against an in-process Voltstream broker, and a real PostgreSQL. */
public class KafkaBrokerProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(VoltstreamBrokerTestResource.class),
                new TestResourceEntry(PostgresTestResource.class));
    }
}
