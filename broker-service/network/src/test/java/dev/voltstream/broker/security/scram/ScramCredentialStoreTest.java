package dev.voltstream.broker.security.scram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential file (versioned, reloaded on start), Kafka's validation of alterations, and the bootstrap syntax. */
class ScramCredentialStoreTest {
    @TempDir
    Path dir;

    @Test
    void credentialsSurviveAReloadAndNeverStoreThePassword() throws Exception {
        ScramCredentialStore store = ScramCredentialStore.load(dir);
        ScramBootstrap.apply("SCRAM-SHA-512=[name=admin,password=admin-secret];"
                + "SCRAM-SHA-256=[name=alice,password=\"a,b\",iterations=8192]", store);
        ScramCredentialStore reloaded = ScramCredentialStore.load(dir);
        assertThat(reloaded.users()).containsExactly("admin", "alice");
        ScramCredential alice = reloaded.credentials("alice").get(ScramMechanism.SCRAM_SHA_256);
        assertThat(alice.iterations()).isEqualTo(8192);
        ScramFormatter f = new ScramFormatter(ScramMechanism.SCRAM_SHA_256);
        byte[] salted = f.saltedPassword("a,b", alice.salt(), 8192);
        assertThat(alice.serverKey()).isEqualTo(f.serverKey(salted));
        assertThat(reloaded.cache(ScramMechanism.SCRAM_SHA_512).get("admin")).isNotNull();
        String file = Files.readString(dir.resolve(ScramCredentialStore.FILE_NAME));
        assertThat(file).contains("version=0").doesNotContain("admin-secret");
    }

    @Test
    void bootstrapNeverOverwritesAnExistingCredential() throws Exception {
        ScramCredentialStore store = ScramCredentialStore.load(dir);
        ScramBootstrap.apply("SCRAM-SHA-512=[name=admin,password=first]", store);
        byte[] key = store.credentials("admin").get(ScramMechanism.SCRAM_SHA_512).storedKey();
        ScramBootstrap.apply("SCRAM-SHA-512=[name=admin,password=second]", store);
        assertThat(store.credentials("admin").get(ScramMechanism.SCRAM_SHA_512).storedKey()).isEqualTo(key);
        assertThatThrownBy(() -> ScramBootstrap.parse("SCRAM-SHA-1=[name=a,password=b]"))
                .hasMessageContaining("unknown mechanism");
        assertThatThrownBy(() -> ScramBootstrap.parse("SCRAM-SHA-256=[name=a]"))
                .hasMessageContaining("name and password are required");
    }

    @Test
    void aNewerFormatIsRefused() throws Exception {
        Files.writeString(dir.resolve(ScramCredentialStore.FILE_NAME), "version=7\n");
        assertThatThrownBy(() -> ScramCredentialStore.load(dir)).hasMessageContaining("format version 7");
    }

    @Test
    void alterationsAreValidatedAsKafkaDoes() throws Exception {
        ScramCredentialStore store = ScramCredentialStore.load(dir);
        byte sha256 = org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_256.type();
        AlterUserScramCredentialsRequestData request = new AlterUserScramCredentialsRequestData()
                .setDeletions(List.of(new ScramCredentialDeletion().setName("ghost").setMechanism(sha256),
                        new ScramCredentialDeletion().setName("twice").setMechanism(sha256)))
                .setUpsertions(List.of(upsert("ok", sha256, 4096), upsert("weak", sha256, 10),
                        upsert("huge", sha256, 20_000), upsert("", sha256, 4096), upsert("odd", (byte) 9, 4096),
                        upsert("twice", sha256, 4096)));
        ScramCredentialAlteration alteration = ScramCredentialAlteration.of(request, store);
        assertThat(alteration.results()).extracting(AlterUserScramCredentialsResult::user,
                r -> Errors.forCode(r.errorCode())).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("ok", Errors.NONE),
                org.assertj.core.groups.Tuple.tuple("ghost", Errors.RESOURCE_NOT_FOUND),
                org.assertj.core.groups.Tuple.tuple("twice", Errors.RESOURCE_NOT_FOUND),
                org.assertj.core.groups.Tuple.tuple("weak", Errors.UNACCEPTABLE_CREDENTIAL),
                org.assertj.core.groups.Tuple.tuple("huge", Errors.UNACCEPTABLE_CREDENTIAL),
                org.assertj.core.groups.Tuple.tuple("", Errors.UNACCEPTABLE_CREDENTIAL),
                org.assertj.core.groups.Tuple.tuple("odd", Errors.UNSUPPORTED_SASL_MECHANISM));
        assertThat(alteration.changes()).extracting(ScramCredentialStore.Change::user).containsExactly("ok");
    }

    private static ScramCredentialUpsertion upsert(String name, byte mechanism, int iterations) {
        return new ScramCredentialUpsertion().setName(name).setMechanism(mechanism).setIterations(iterations)
                .setSalt(new byte[] {1, 2, 3}).setSaltedPassword(new byte[32]);
    }
}
