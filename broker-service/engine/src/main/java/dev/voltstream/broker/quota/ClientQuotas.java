package dev.voltstream.broker.quota;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.errors.InvalidRequestException;

import dev.voltstream.broker.metadata.ReplicatedClientQuotas;

/**
 * The client quotas set through AlterClientQuotas ({@code kafka-configs.sh --entity-type users|clients}), kept in a
 * {@link QuotaFile} on a single node and in the metadata log in cluster mode, and Kafka's precedence for which one applies to a request: user and client id, user and default
 * client id, user, default user and client id, default user and default client id, default user, client id, default
 * client id.
 */
public final class ClientQuotas {
    public static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
    public static final String CONSUMER_BYTE_RATE = "consumer_byte_rate";
    public static final String REQUEST_PERCENTAGE = "request_percentage";
    static final Set<String> KEYS = Set.of(PRODUCER_BYTE_RATE, CONSUMER_BYTE_RATE, REQUEST_PERCENTAGE);
    /** Bounds what AlterClientQuotas can make the broker keep. */
    static final int MAX_ENTITIES = 10_000;

    private final QuotaFile file;
    /** Cluster mode: where changes go; null on a single node. */
    private final ReplicatedClientQuotas cluster;
    private volatile Map<QuotaEntity, Map<String, Double>> quotas;

    /** A single node's quotas, kept in {@code file}. */
    public ClientQuotas(QuotaFile file) {
        this.file = file;
        this.cluster = null;
        this.quotas = file.load();
    }

    private ClientQuotas(ReplicatedClientQuotas cluster) {
        this.file = null;
        this.cluster = cluster;
        this.quotas = Map.of();
    }

    /** Cluster mode: the quotas {@code cluster} keeps, changed through it; every broker enforces them. */
    public static ClientQuotas replicated(ReplicatedClientQuotas cluster) {
        ClientQuotas quotas = new ClientQuotas(cluster);
        cluster.listen(all -> {
            Map<QuotaEntity, Map<String, Double>> next = new LinkedHashMap<>();
            all.forEach((entity, values) -> next.put(new QuotaEntity(entity), Map.copyOf(values)));
            quotas.quotas = next;
        });
        return quotas;
    }

    public Map<QuotaEntity, Map<String, Double>> all() {
        return quotas;
    }

    /** Checks an entity and its changes as Kafka does; throws InvalidRequestException. */
    public static void validate(QuotaEntity entity, Map<String, Double> set, Set<String> removed) {
        if (entity.parts().isEmpty()) {
            throw new InvalidRequestException("Invalid empty client quota entity");
        }
        for (String type : entity.parts().keySet()) {
            if (!type.equals(QuotaEntity.USER) && !type.equals(QuotaEntity.CLIENT_ID)) {
                throw new InvalidRequestException("Unhandled client quota entity type: " + type);
            }
        }
        for (Map.Entry<String, Double> e : set.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new InvalidRequestException("Invalid configuration key " + e.getKey());
            }
            if (!(e.getValue() > 0) || e.getValue().isInfinite()) {
                throw new InvalidRequestException("Invalid value " + e.getValue() + " for " + e.getKey());
            }
        }
        for (String key : removed) {
            if (!KEYS.contains(key)) {
                throw new InvalidRequestException("Invalid configuration key " + key);
            }
        }
    }

    /**
     * Applies the changes of several entities at once, durably (cluster mode: through the metadata log, returning
     * once applied here). Throws when refused.
     */
    public synchronized void alter(Map<QuotaEntity, Map<String, Double>> set, Map<QuotaEntity, Set<String>> removed) {
        Map<QuotaEntity, Map<String, Double>> next = new LinkedHashMap<>();
        quotas.forEach((entity, values) -> next.put(entity, new TreeMap<>(values)));
        removed.forEach((entity, keys) -> {
            Map<String, Double> values = next.get(entity);
            if (values != null) {
                keys.forEach(values::remove);
            }
        });
        set.forEach((entity, values) -> next.computeIfAbsent(entity, e -> new TreeMap<>()).putAll(values));
        next.values().removeIf(Map::isEmpty);
        if (next.size() > MAX_ENTITIES) {
            throw new InvalidRequestException("More than " + MAX_ENTITIES + " client quota entities");
        }
        if (cluster != null) {
            Set<QuotaEntity> entities = new LinkedHashSet<>(removed.keySet());
            entities.addAll(set.keySet());
            cluster.alter(entities.stream().map(entity -> new ReplicatedClientQuotas.Change(
                    new TreeMap<>(entity.parts()), set.getOrDefault(entity, Map.of()),
                    removed.getOrDefault(entity, Set.of()))).toList());
            return;
        }
        file.save(next);
        quotas = next;
    }

    /**
     * A quota that applies to a request, and whose usage it counts against: Kafka's quota metric tags, the user and
     * client id of the entity that matched, with the request's names for the defaults (a user's quota is shared by
     * all its client ids, a client id's by all users, a user and client id's by that pair alone).
     */
    public record Applied(double quota, String meter) {
    }

    /** The quota {@code key} that applies to a request of {@code user} with {@code clientId}, or null. */
    public Double resolve(String user, String clientId, String key) {
        Applied applied = applied(user, clientId, key);
        return applied == null ? null : applied.quota();
    }

    /** {@link #resolve} and the meter it counts against; null when no quota applies. */
    public Applied applied(String user, String clientId, String key) {
        Map<QuotaEntity, Map<String, Double>> snapshot = quotas;
        if (snapshot.isEmpty()) {
            return null;
        }
        List<QuotaEntity> order = new ArrayList<>(8);
        order.add(QuotaEntity.of(user, clientId, true, true));
        order.add(QuotaEntity.of(user, null, true, true));
        order.add(QuotaEntity.of(user, null, true, false));
        order.add(QuotaEntity.of(null, clientId, true, true));
        order.add(QuotaEntity.of(null, null, true, true));
        order.add(QuotaEntity.of(null, null, true, false));
        order.add(QuotaEntity.of(null, clientId, false, true));
        order.add(QuotaEntity.of(null, null, false, true));
        for (QuotaEntity entity : order) {
            Map<String, Double> values = snapshot.get(entity);
            if (values != null && values.containsKey(key)) {
                boolean byUser = entity.parts().containsKey(QuotaEntity.USER);
                boolean byClient = entity.parts().containsKey(QuotaEntity.CLIENT_ID);
                return new Applied(values.get(key), (byUser ? user : "") + '\u0000' + (byClient ? clientId : ""));
            }
        }
        return null;
    }
}
