package dev.voltstream.broker.cluster;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;

/**
 * One part of the metadata image that a broker component follows (ACLs, SCRAM credentials, client quotas): every
 * image whose part differs from the last is handed to the listener, in log order, and changes to it are proposed to
 * the quorum and awaited until applied on this broker.
 *
 * @param <T> the part, compared with {@code equals}
 */
abstract class ImagePart<T> implements Consumer<ClusterImage> {
    private final AtomicReference<MetadataQuorum> quorum = new AtomicReference<>();
    private final Function<ClusterImage, T> part;
    private volatile Consumer<T> listener = value -> { };
    private volatile T last;

    ImagePart(Function<ClusterImage, T> part) {
        this.part = part;
        this.last = part.apply(ClusterImage.EMPTY);
    }

    void useQuorum(MetadataQuorum metadataQuorum) {
        quorum.set(metadataQuorum);
    }

    @Override
    public synchronized void accept(ClusterImage image) {
        T next = part.apply(image);
        if (!next.equals(last)) {
            last = next;
            listener.accept(next);
        }
    }

    /** Calls {@code onChange} with the part now and after every change. */
    synchronized void follow(Consumer<T> onChange) {
        this.listener = onChange;
        onChange.accept(last);
    }

    /** Proposes {@code change}; returns once it is applied here, or throws the Kafka error. */
    void submit(MetadataCommand change) {
        QuorumTopicChanges.await(quorum.get().submit(change));
    }
}
