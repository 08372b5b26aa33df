package dev.voltstream.stationproducer.messaging;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.Map;

/** Puts the Kafka connector back on every channel (the %test profile uses the in-memory one). */
public class KafkaConnectorProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        InMemoryChannels.ALL.forEach(channel ->
                config.put("mp.messaging.outgoing." + channel + ".connector", "smallrye-kafka"));
        return config;
    }
}
