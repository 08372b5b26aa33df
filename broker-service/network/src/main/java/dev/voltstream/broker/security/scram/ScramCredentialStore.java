package dev.voltstream.broker.security.scram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCache;

import dev.voltstream.broker.metadata.FormatVersion;

/**
 * The SCRAM credentials of the users that may log in with SCRAM-SHA-256/512: salted and hashed as Kafka stores them
 * (salt, stored key, server key, iterations; never the password), kept in memory in Kafka's
 * {@link CredentialCache} for its SCRAM server and, on a single node, in {@code scram-credentials.properties} under
 * the metadata directory ({@code version=0}; one {@code <mechanism>/<user>} line per credential in Kafka's
 * {@code salt=...,stored_key=...,server_key=...,iterations=...} form), rewritten atomically on every change. In
 * cluster mode ({@link #replicated}) changes go through the cluster, and the store mirrors what it applied.
 */
public final class ScramCredentialStore {
    static final int FORMAT_VERSION = 0;
    public static final String FILE_NAME = "scram-credentials.properties";

    private final Path file;
    /** Cluster mode: where changes go; null on a single node. */
    private final ReplicatedScramCredentials cluster;
    private final CredentialCache caches = new CredentialCache();
    private final DelegationTokenCache tokens;
    /** Every credential by user, then mechanism: what DescribeUserScramCredentials lists. */
    private final Map<String, Map<ScramMechanism, ScramCredential>> byUser = new ConcurrentHashMap<>();

    private ScramCredentialStore(Path file, ReplicatedScramCredentials cluster) {
        this.file = file;
        this.cluster = cluster;
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            caches.createCache(mechanism.mechanismName(), ScramCredential.class);
        }
        this.tokens = new DelegationTokenCache(ScramMechanism.mechanismNames());
    }

    /** The store of {@code metadataDir}, with what an earlier run wrote there. */
    public static ScramCredentialStore load(Path metadataDir) throws IOException {
        ScramCredentialStore store = new ScramCredentialStore(metadataDir.resolve(FILE_NAME), null);
        if (Files.exists(store.file)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(store.file)) {
                props.load(in);
            }
            FormatVersion.check(props, FORMAT_VERSION, store.file);
            for (String key : props.stringPropertyNames()) {
                if (key.equals(FormatVersion.KEY)) {
                    continue;
                }
                int slash = key.indexOf('/');
                ScramMechanism mechanism = slash < 0 ? null : ScramMechanism.forMechanismName(key.substring(0, slash));
                if (mechanism == null) {
                    throw new IllegalStateException(store.file + ": unknown SCRAM credential entry '" + key + "'");
                }
                store.install(key.substring(slash + 1), mechanism,
                        ScramCredentialUtils.credentialFromString(props.getProperty(key)));
            }
        }
        return store;
    }

    /** A store that only lives in memory (tests). */
    public static ScramCredentialStore inMemory() {
        return new ScramCredentialStore(null, null);
    }

    /** Cluster mode: the credentials {@code cluster} keeps, changed through it. */
    public static ScramCredentialStore replicated(ReplicatedScramCredentials cluster) {
        ScramCredentialStore store = new ScramCredentialStore(null, cluster);
        cluster.listen(store::replaceAll);
        return store;
    }

    /** Kafka's credential cache for {@code mechanism}, read by its SCRAM server. */
    public CredentialCache.Cache<ScramCredential> cache(ScramMechanism mechanism) {
        return caches.cache(mechanism.mechanismName(), ScramCredential.class);
    }

    /** Delegation tokens (none are issued; Kafka's SCRAM server asks for them only when a client says tokenauth). */
    public DelegationTokenCache tokens() {
        return tokens;
    }

    /** The credentials {@code user} has, by mechanism (empty when none). */
    public Map<ScramMechanism, ScramCredential> credentials(String user) {
        Map<ScramMechanism, ScramCredential> found = byUser.get(user);
        return found == null ? Map.of() : Map.copyOf(found);
    }

    /** Every user with at least one credential, sorted. */
    public List<String> users() {
        return new ArrayList<>(new TreeMap<>(byUser).keySet());
    }

    /**
     * Applies a batch of changes, then rewrites the file with them; in cluster mode proposes them to the cluster and
     * returns once they are applied here.
     */
    public void apply(Collection<Change> changes) throws IOException {
        if (cluster != null) {
            cluster.alter(changes, false);
        } else {
            applyLocally(changes);
        }
    }

    /**
     * Stores each of {@code changes} (upserts) whose user has no credential of its mechanism yet: the bootstrap
     * credentials. In cluster mode the cluster decides that when it applies them, so every broker may propose them.
     */
    public void applyIfAbsent(Collection<Change> changes) throws IOException {
        if (cluster != null) {
            if (!changes.isEmpty()) {
                cluster.alter(changes, true);
            }
            return;
        }
        List<Change> missing = changes.stream()
                .filter(c -> !credentials(c.user()).containsKey(c.mechanism())).toList();
        if (!missing.isEmpty()) {
            applyLocally(missing);
        }
    }

    private synchronized void applyLocally(Collection<Change> changes) throws IOException {
        for (Change change : changes) {
            if (change.credential() == null) {
                remove(change.user(), change.mechanism());
            } else {
                install(change.user(), change.mechanism(), change.credential());
            }
        }
        persist();
    }

    /** Makes the store hold exactly {@code all} (cluster mode: what the cluster applied). */
    private synchronized void replaceAll(Map<String, Map<ScramMechanism, ScramCredential>> all) {
        for (Map.Entry<String, Map<ScramMechanism, ScramCredential>> user : Map.copyOf(byUser).entrySet()) {
            for (ScramMechanism mechanism : Map.copyOf(user.getValue()).keySet()) {
                if (!all.getOrDefault(user.getKey(), Map.of()).containsKey(mechanism)) {
                    remove(user.getKey(), mechanism);
                }
            }
        }
        all.forEach((user, credentials) -> credentials.forEach((mechanism, credential) ->
                install(user, mechanism, credential)));
    }

    /** One upsert ({@code credential} set) or deletion ({@code credential} null). */
    public record Change(String user, ScramMechanism mechanism, ScramCredential credential) {
    }

    private void install(String user, ScramMechanism mechanism, ScramCredential credential) {
        byUser.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).put(mechanism, credential);
        cache(mechanism).put(user, credential);
    }

    private void remove(String user, ScramMechanism mechanism) {
        cache(mechanism).remove(user);
        byUser.computeIfPresent(user, (u, m) -> {
            m.remove(mechanism);
            return m.isEmpty() ? null : m;
        });
    }

    private void persist() throws IOException {
        if (file == null) {
            return;
        }
        Properties props = new Properties();
        FormatVersion.stamp(props, FORMAT_VERSION);
        byUser.forEach((user, creds) -> creds.forEach((mechanism, credential) ->
                props.setProperty(mechanism.mechanismName() + "/" + user,
                        ScramCredentialUtils.credentialToString(credential))));
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            props.store(out, "SCRAM credentials (AlterUserScramCredentials): <mechanism>/<user>=salted credential");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
