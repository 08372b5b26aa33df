package dev.voltstream.broker.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.common.acl.AclBinding;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.metadata.ReplicatedAcls;

/**
 * The cluster's ACLs, kept in the metadata log (AlterAcls records): changes go through the quorum, and every image
 * whose ACLs differ from the last is handed to the listener (the broker's authorizer), so every broker enforces the
 * same ACLs in log order.
 */
public final class ClusterAcls extends ImagePart<Set<AclBinding>> implements ReplicatedAcls {
    ClusterAcls() {
        super(ClusterImage::acls);
    }

    @Override
    public void listen(Consumer<Set<AclBinding>> onChange) {
        follow(onChange);
    }

    /** Adds and removes ACLs through the quorum; returns once committed, or throws the Kafka error. */
    @Override
    public void alter(Collection<AclBinding> created, Collection<AclBinding> deleted) {
        submit(new MetadataCommand.AlterAcls(List.copyOf(created), List.copyOf(deleted)));
    }
}
