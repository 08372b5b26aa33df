package dev.voltstream.kit.consumer.commit;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Adds the {@link PolledOffsets} interceptor to the Kafka consumer of every incoming channel whose commit strategy is
 * {@link FencedThrottledCommit#STRATEGY} (producers and other consumers are left alone), after any interceptors the
 * channel already has.
 */
@ApplicationScoped
public class PolledOffsetsCustomizer implements ClientCustomizer<Map<String, Object>> {

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        boolean consumer = config.containsKey(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG)
                && !config.containsKey(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        boolean fenced = channelConfig.getOptionalValue("commit-strategy", String.class)
                .map(FencedThrottledCommit.STRATEGY::equals).orElse(false);
        if (consumer && fenced) {
            List<String> interceptors = new ArrayList<>();
            Object existing = config.get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
            if (existing instanceof Collection<?> list) {
                list.forEach(i -> interceptors.add(i instanceof Class<?> c ? c.getName() : i.toString()));
            } else if (existing != null && !existing.toString().isBlank()) {
                for (String name : existing.toString().split(",")) {
                    interceptors.add(name.trim());
                }
            }
            if (!interceptors.contains(PolledOffsets.class.getName())) {
                interceptors.add(PolledOffsets.class.getName());
            }
            config.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, String.join(",", interceptors));
        }
        return config;
    }
}
