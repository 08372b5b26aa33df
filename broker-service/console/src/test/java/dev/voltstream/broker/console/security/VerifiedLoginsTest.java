package dev.voltstream.broker.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;

class VerifiedLoginsTest {
    private final VerifiedLogins logins = new VerifiedLogins();

    @Test
    void aVerifiedPasswordStaysRightOnlyWhileTheCredentialIsTheSame() throws Exception {
        Map<ScramMechanism, ScramCredential> first = credential("first-password");
        assertThat(logins.matches("alice", "first-password", first)).isTrue();
        assertThat(logins.matches("alice", "first-password", first)).isTrue();
        assertThat(logins.matches("alice", "other", first)).isFalse();
        assertThat(logins.matches("bob", "first-password", Map.of())).as("no credential").isFalse();

        // the password changed (kafka-configs.sh --alter): the old one is refused at once, the new one accepted
        Map<ScramMechanism, ScramCredential> changed = credential("second-password");
        assertThat(logins.matches("alice", "first-password", changed)).isFalse();
        assertThat(logins.matches("alice", "second-password", changed)).isTrue();
        // deleted: nothing matches
        assertThat(logins.matches("alice", "second-password", Map.of())).isFalse();
    }

    private static Map<ScramMechanism, ScramCredential> credential(String password) throws Exception {
        return Map.of(ScramMechanism.SCRAM_SHA_512,
                new ScramFormatter(ScramMechanism.SCRAM_SHA_512).generateCredential(password, 4096));
    }
}
