package dev.voltstream.broker.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.image.ScramImage;
import dev.voltstream.broker.security.scram.ReplicatedScramCredentials;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * The cluster's SCRAM credentials, kept in the metadata log (AlterScramCredentials records, as Kafka keeps
 * UserScramCredentialRecords): changes go through the quorum, and every image whose credentials differ from the last
 * is handed to the listener (the broker's credential store), so every broker authenticates the same users.
 */
public final class ClusterScramCredentials extends ImagePart<ScramImage> implements ReplicatedScramCredentials {
    ClusterScramCredentials() {
        super(ClusterImage::scram);
    }

    @Override
    public void listen(Consumer<Map<String, Map<ScramMechanism, ScramCredential>>> onChange) {
        follow(scram -> onChange.accept(credentials(scram)));
    }

    @Override
    public void alter(Collection<ScramCredentialStore.Change> changes, boolean onlyIfAbsent) {
        submit(new MetadataCommand.AlterScramCredentials(changes.stream()
                .map(c -> new MetadataCommand.ScramChange(c.user(), c.mechanism().mechanismName(),
                        c.credential() == null ? null : ScramCredentialUtils.credentialToString(c.credential()),
                        onlyIfAbsent))
                .toList()));
    }

    private static Map<String, Map<ScramMechanism, ScramCredential>> credentials(ScramImage image) {
        Map<String, Map<ScramMechanism, ScramCredential>> all = new HashMap<>();
        image.users().forEach((user, byMechanism) -> byMechanism.forEach((mechanism, credential) ->
                all.computeIfAbsent(user, u -> new HashMap<>()).put(ScramMechanism.forMechanismName(mechanism),
                        ScramCredentialUtils.credentialFromString(credential))));
        return all;
    }
}
