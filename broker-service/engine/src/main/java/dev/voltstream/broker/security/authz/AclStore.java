package dev.voltstream.broker.security.authz;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;

/** Where the authorizer's ACLs live between restarts. */
public interface AclStore {
    Collection<AclBinding> load();

    /**
     * Makes a change durable, or throws: {@code created} added and {@code deleted} removed give {@code after}, the
     * whole set.
     */
    void save(Collection<AclBinding> created, Collection<AclBinding> deleted, Collection<AclBinding> after);

    /**
     * True when a saved change reaches the authorizer through {@link AclAuthorizer#replaceAll} (the metadata log,
     * applied in log order on every broker) rather than from the caller.
     */
    default boolean publishes() {
        return false;
    }

    /** Keeps nothing: for tests. */
    static AclStore inMemory() {
        return new AclStore() {
            @Override
            public Collection<AclBinding> load() {
                return List.of();
            }

            @Override
            public void save(Collection<AclBinding> created, Collection<AclBinding> deleted,
                             Collection<AclBinding> after) {
            }
        };
    }
}
