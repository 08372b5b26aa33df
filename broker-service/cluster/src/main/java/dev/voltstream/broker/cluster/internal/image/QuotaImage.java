package dev.voltstream.broker.cluster.internal.image;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's client quotas (Kafka's ClientQuotasImage): per entity (entity type to name, a null name for the
 * default of that type) its values ({@code producer_byte_rate}, ...). Entities keep the order they were first set in,
 * the same on every broker.
 */
public record QuotaImage(Map<SortedMap<String, String>, SortedMap<String, Double>> entities) {
    public static final QuotaImage EMPTY = new QuotaImage(Map.of());

    public QuotaImage {
        Map<SortedMap<String, String>, SortedMap<String, Double>> copy = new LinkedHashMap<>();
        entities.forEach((entity, values) -> {
            if (!values.isEmpty()) {
                copy.put(Collections.unmodifiableSortedMap(new TreeMap<>(entity)),
                        Collections.unmodifiableSortedMap(new TreeMap<>(values)));
            }
        });
        entities = Collections.unmodifiableMap(copy);
    }

    /** The quotas after {@code changes}: per entity its removed keys dropped, then its set values put. */
    QuotaImage apply(Collection<MetadataCommand.QuotaChange> changes) {
        Map<SortedMap<String, String>, SortedMap<String, Double>> next = new LinkedHashMap<>();
        entities.forEach((entity, values) -> next.put(entity, new TreeMap<>(values)));
        for (MetadataCommand.QuotaChange change : changes) {
            SortedMap<String, Double> values = next.computeIfAbsent(change.entity(), e -> new TreeMap<>());
            change.removed().forEach(values::remove);
            values.putAll(change.set());
        }
        return new QuotaImage(next);
    }
}
