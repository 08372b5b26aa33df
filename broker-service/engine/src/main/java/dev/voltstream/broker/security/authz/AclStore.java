package dev.voltstream.broker.security.authz;

import java.util.Collection;
import java.util.List;

import org.apache.kafka.common.acl.AclBinding;

/** Where the authorizer's ACLs live between restarts. */
public interface AclStore {
    Collection<AclBinding> load();

    /** Replaces the stored ACLs with {@code acls}, durably, or throws. */
    void save(Collection<AclBinding> acls);

    /** ACL changes are refused on this broker (the message says why). */
    final class AclChangesRefusedException extends RuntimeException {
        public AclChangesRefusedException(String message) {
            super(message);
        }
    }

    /** Keeps nothing: for tests. */
    static AclStore inMemory() {
        return new AclStore() {
            @Override
            public Collection<AclBinding> load() {
                return List.of();
            }

            @Override
            public void save(Collection<AclBinding> acls) {
            }
        };
    }
}
