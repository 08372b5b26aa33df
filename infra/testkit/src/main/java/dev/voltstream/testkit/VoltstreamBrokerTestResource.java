package dev.voltstream.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test an in-process Voltstream broker ({@link InProcessBroker}) and sets
 * {@code kafka.bootstrap.servers} to it. Use {@code @WithTestResource(VoltstreamBrokerTestResource.class)}; init
 * args are broker properties laid over the defaults, e.g.
 * {@code @ResourceArg(name = "num.partitions", value = "1")}. A test reads the address with
 * {@code @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap} to make its own clients.
 */
public class VoltstreamBrokerTestResource implements QuarkusTestResourceLifecycleManager {
    private Map<String, String> overrides = Map.of();
    private InProcessBroker broker;

    @Override
    public void init(Map<String, String> initArgs) {
        overrides = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        broker = InProcessBroker.start(overrides);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    /** The running broker, for this package's tests. */
    InProcessBroker broker() {
        return broker;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
