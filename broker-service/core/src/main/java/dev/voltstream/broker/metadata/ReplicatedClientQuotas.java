package dev.voltstream.broker.metadata;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Client quotas kept by the cluster (cluster mode: in the metadata log) rather than by one broker: what quota
 * enforcement needs of them, so it does not depend on how the cluster keeps them. An entity maps entity types
 * ({@code user}, {@code client-id}) to names, a null name for the default of that type.
 */
public interface ReplicatedClientQuotas {
    /** Calls {@code onChange} with every entity's quotas now and after every change, in the cluster's order. */
    void listen(Consumer<Map<SortedMap<String, String>, SortedMap<String, Double>>> onChange);

    /** Applies {@code changes} for the whole cluster; returns once applied on this broker, or throws the Kafka error. */
    void alter(List<Change> changes);

    /** One entity's changes: {@code removed} keys dropped, then {@code set} values put. */
    record Change(SortedMap<String, String> entity, Map<String, Double> set, Set<String> removed) {
        public Change {
            entity = Collections.unmodifiableSortedMap(new TreeMap<>(entity));
            set = Map.copyOf(set);
            removed = Set.copyOf(removed);
        }
    }
}
