package dev.voltstream.broker.metadata;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.common.acl.AclBinding;

/**
 * ACLs kept by the cluster (cluster mode: in the metadata log) rather than by one broker: what the authorizer needs of
 * them, so it does not depend on how the cluster keeps them.
 */
public interface ReplicatedAcls {
    /** Calls {@code onChange} with the ACLs now and after every change, in the order the cluster applied them. */
    void listen(Consumer<Set<AclBinding>> onChange);

    /** Adds and removes ACLs for the whole cluster; returns once durable, or throws the Kafka error. */
    void alter(Collection<AclBinding> created, Collection<AclBinding> deleted);
}
