package dev.voltstream.broker.security.authz;

import org.apache.kafka.common.Uuid;

/** Resolves the topic of a request that names it by id (Produce v13, Fetch v13+, ...); null when unknown. */
@FunctionalInterface
public interface TopicNames {
    String name(Uuid id);

    default String name(String name, Uuid id) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return id == null || id.equals(Uuid.ZERO_UUID) ? null : name(id);
    }
}
