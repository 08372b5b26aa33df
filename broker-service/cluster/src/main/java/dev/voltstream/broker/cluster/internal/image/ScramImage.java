package dev.voltstream.broker.cluster.internal.image;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's SCRAM credentials (Kafka's ScramImage): by user, then mechanism name, Kafka's credential string
 * ({@code salt=...,stored_key=...,server_key=...,iterations=...}).
 */
public record ScramImage(SortedMap<String, SortedMap<String, String>> users) {
    public static final ScramImage EMPTY = new ScramImage(new TreeMap<>());

    public ScramImage {
        SortedMap<String, SortedMap<String, String>> copy = new TreeMap<>();
        users.forEach((user, credentials) -> {
            if (!credentials.isEmpty()) {
                copy.put(user, Collections.unmodifiableSortedMap(new TreeMap<>(credentials)));
            }
        });
        users = Collections.unmodifiableSortedMap(copy);
    }

    /** The credentials after {@code changes}, in order (a bootstrap one only where the user has none of its kind). */
    ScramImage apply(Collection<MetadataCommand.ScramChange> changes) {
        SortedMap<String, SortedMap<String, String>> next = new TreeMap<>();
        users.forEach((user, credentials) -> next.put(user, new TreeMap<>(credentials)));
        for (MetadataCommand.ScramChange change : changes) {
            SortedMap<String, String> credentials = next.computeIfAbsent(change.user(), u -> new TreeMap<>());
            if (change.credential() == null) {
                credentials.remove(change.mechanism());
            } else if (!change.onlyIfAbsent() || !credentials.containsKey(change.mechanism())) {
                credentials.put(change.mechanism(), change.credential());
            }
        }
        return new ScramImage(next);
    }
}
