package dev.voltstream.broker.security.scram;

import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * SCRAM credentials kept by the cluster (cluster mode: in the metadata log) rather than by one broker: what the
 * {@link ScramCredentialStore} needs of them, so it does not depend on how the cluster keeps them.
 */
public interface ReplicatedScramCredentials {
    /** Calls {@code onChange} with every credential (by user, then mechanism) now and after every change. */
    void listen(Consumer<Map<String, Map<ScramMechanism, ScramCredential>>> onChange);

    /**
     * Applies {@code changes} for the whole cluster; returns once they are applied on this broker, or throws the
     * Kafka error. {@code onlyIfAbsent}: each is stored only if its user has no credential of its mechanism then.
     */
    void alter(Collection<ScramCredentialStore.Change> changes, boolean onlyIfAbsent);
}
