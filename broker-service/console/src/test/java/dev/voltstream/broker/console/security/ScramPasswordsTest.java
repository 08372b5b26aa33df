package dev.voltstream.broker.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;

class ScramPasswordsTest {

    @Test
    void acceptsThePasswordACredentialWasMadeFromAndNothingElse() throws Exception {
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            ScramCredential credential = new ScramFormatter(mechanism).generateCredential("alice-secret", 4096);
            assertThat(ScramPasswords.matches("alice-secret", mechanism, credential)).isTrue();
            assertThat(ScramPasswords.matches("alice-secret ", mechanism, credential)).isFalse();
            assertThat(ScramPasswords.matches("", mechanism, credential)).isFalse();
        }
    }

    @Test
    void aUserWithTwoMechanismsLogsInWithEitherPassword() throws Exception {
        ScramCredential sha256 = new ScramFormatter(ScramMechanism.SCRAM_SHA_256).generateCredential("old", 4096);
        ScramCredential sha512 = new ScramFormatter(ScramMechanism.SCRAM_SHA_512).generateCredential("new", 8192);
        Map<ScramMechanism, ScramCredential> both = Map.of(ScramMechanism.SCRAM_SHA_256, sha256,
                ScramMechanism.SCRAM_SHA_512, sha512);
        assertThat(ScramPasswords.matches("old", both)).isTrue();
        assertThat(ScramPasswords.matches("new", both)).isTrue();
        assertThat(ScramPasswords.matches("other", both)).isFalse();
        assertThat(ScramPasswords.matches("new", Map.of())).isFalse();
    }
}
