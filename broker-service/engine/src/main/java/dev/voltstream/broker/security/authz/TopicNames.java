package dev.voltstream.broker.security.authz;

import org.apache.kafka.common.Uuid;

/** The topics the broker knows, as authorisation needs them. */
public interface TopicNames {
    /** Resolves the topic of a request that names it by id (Produce v13, Fetch v13+, ...); null when unknown. */
    String name(Uuid id);

    /** Whether a topic of this name exists (Metadata checks CREATE only for those that do not). */
    boolean exists(String name);

    default String name(String name, Uuid id) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return id == null || id.equals(Uuid.ZERO_UUID) ? null : name(id);
    }
}
