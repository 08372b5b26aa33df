package dev.voltstream.broker.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.common.acl.AclBinding;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.metadata.ReplicatedAcls;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;

/**
 * The cluster's ACLs, kept in the metadata log (AlterAcls records): changes go through the quorum, and every image
 * whose ACLs differ from the last is handed to the listener (the broker's authorizer), so every broker enforces the
 * same ACLs in log order.
 */
public final class ClusterAcls implements Consumer<ClusterImage>, ReplicatedAcls {
    private final java.util.concurrent.atomic.AtomicReference<MetadataQuorum> quorum =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Consumer<Set<AclBinding>> listener = acls -> { };
    private volatile Set<AclBinding> last = Set.of();

    void useQuorum(MetadataQuorum metadataQuorum) {
        quorum.set(metadataQuorum);
    }

    @Override
    public synchronized void accept(ClusterImage image) {
        if (!image.acls().equals(last)) {
            last = image.acls();
            listener.accept(last);
        }
    }

    @Override
    public synchronized void listen(Consumer<Set<AclBinding>> onChange) {
        this.listener = onChange;
        onChange.accept(last);
    }

    /** Adds and removes ACLs through the quorum; returns once committed, or throws the Kafka error. */
    @Override
    public void alter(Collection<AclBinding> created, Collection<AclBinding> deleted) {
        QuorumTopicChanges.await(quorum.get().submit(new MetadataCommand.AlterAcls(List.copyOf(created),
                List.copyOf(deleted))));
    }
}
