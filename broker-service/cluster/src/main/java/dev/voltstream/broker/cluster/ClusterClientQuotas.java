package dev.voltstream.broker.cluster;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.image.QuotaImage;
import dev.voltstream.broker.metadata.ReplicatedClientQuotas;

/**
 * The cluster's client quotas, kept in the metadata log (AlterClientQuotas records, as Kafka keeps
 * ClientQuotaRecords): changes go through the quorum, and every image whose quotas differ from the last is handed to
 * the listener (the broker's quota enforcement), so every broker enforces the same quotas.
 */
public final class ClusterClientQuotas extends ImagePart<QuotaImage> implements ReplicatedClientQuotas {
    ClusterClientQuotas() {
        super(ClusterImage::quotas);
    }

    @Override
    public void listen(Consumer<Map<SortedMap<String, String>, SortedMap<String, Double>>> onChange) {
        follow(quotas -> onChange.accept(quotas.entities()));
    }

    @Override
    public void alter(List<Change> changes) {
        submit(new MetadataCommand.AlterClientQuotas(changes.stream()
                .map(c -> new MetadataCommand.QuotaChange(c.entity(), c.set(), c.removed())).toList()));
    }
}
