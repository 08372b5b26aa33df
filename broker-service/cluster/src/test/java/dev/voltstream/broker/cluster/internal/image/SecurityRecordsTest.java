package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterClientQuotas;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterScramCredentials;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.QuotaChange;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.ScramChange;

/**
 * The AlterScramCredentials (type 16) and AlterClientQuotas (type 17) metadata records: their framed form and round
 * trip, how the image applies them (a bootstrap credential never replaces one, a quota entity without values goes),
 * and refusal of a newer version and of a reader that does not know the type.
 */
class SecurityRecordsTest {
    static final String CREDENTIAL = "salt=c2FsdA==,stored_key=c3RvcmVk,server_key=c2VydmVy,iterations=4096";
    private static final String OTHER = "salt=b3RoZXI=,stored_key=c3RvcmVk,server_key=c2VydmVy,iterations=8192";

    static AlterScramCredentials scram(String user, String mechanism, String credential, boolean onlyIfAbsent) {
        return new AlterScramCredentials(List.of(new ScramChange(user, mechanism, credential, onlyIfAbsent)));
    }

    static AlterClientQuotas quota(SortedMap<String, String> entity, Map<String, Double> set, Set<String> removed) {
        return new AlterClientQuotas(List.of(new QuotaChange(entity, set, removed)));
    }

    static SortedMap<String, String> entity(String type, String name) {
        SortedMap<String, String> entity = new TreeMap<>();
        entity.put(type, name);
        return entity;
    }

    @Test
    void bothRecordsAreFramedRecordsOfTheirOwnTypeAndSurviveTheRoundTrip() {
        AlterScramCredentials credentials = new AlterScramCredentials(List.of(
                new ScramChange("alice", "SCRAM-SHA-512", CREDENTIAL, false),
                new ScramChange("bob", "SCRAM-SHA-256", null, false),
                new ScramChange("admin", "SCRAM-SHA-512", OTHER, true)));
        SortedMap<String, String> userAndClient = entity("user", "alice");
        userAndClient.put("client-id", null);
        AlterClientQuotas quotas = new AlterClientQuotas(List.of(
                new QuotaChange(userAndClient, Map.of("producer_byte_rate", 1024.5), Set.of("consumer_byte_rate")),
                new QuotaChange(entity("client-id", "c"), Map.of(), Set.of("request_percentage"))));
        assertFrame(MetadataCodec.encode(credentials), MetadataCodec.ALTER_SCRAM_CREDENTIALS, 16);
        assertFrame(MetadataCodec.encode(quotas), MetadataCodec.ALTER_CLIENT_QUOTAS, 17);
        assertThat(MetadataCodec.decode(MetadataCodec.encode(credentials))).isEqualTo(credentials);
        assertThat(MetadataCodec.decode(MetadataCodec.encode(quotas))).isEqualTo(quotas);
    }

    private static void assertFrame(byte[] bytes, short type, int number) {
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_MARKER);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_VERSION);
        assertThat(frame.getShort()).isEqualTo(type).isEqualTo((short) number);
        assertThat(frame.getShort()).isZero();
    }

    @Test
    void aNewerVersionOrAnUnknownTypeIsRefusedNotMisread() {
        byte[] newer = MetadataCodec.encode(scram("alice", "SCRAM-SHA-512", CREDENTIAL, false));
        newer[5] = 1;
        assertThatThrownBy(() -> MetadataCodec.decode(newer)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("type 16 has version 1");
        byte[] unknown = MetadataCodec.encode(quota(entity("user", "a"), Map.of("producer_byte_rate", 1.0),
                Set.of()));
        unknown[3] = 22;
        assertThatThrownBy(() -> MetadataCodec.decode(unknown)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("record type 22");
        byte[] cut = MetadataCodec.encode(scram("alice", "SCRAM-SHA-512", CREDENTIAL, false));
        assertThatThrownBy(() -> MetadataCodec.decode(java.util.Arrays.copyOf(cut, cut.length - 1)))
                .isInstanceOf(UnsupportedMetadataRecordException.class);
    }

    @Test
    void aBootstrapCredentialIsStoredOnlyWhereTheUserHasNoneOfItsMechanism() {
        ClusterImage image = apply(ClusterImage.EMPTY, scram("admin", "SCRAM-SHA-512", CREDENTIAL, true), 1);
        assertThat(image.scram().users().get("admin")).containsExactlyEntriesOf(Map.of("SCRAM-SHA-512", CREDENTIAL));
        image = apply(image, scram("admin", "SCRAM-SHA-512", OTHER, false), 2);     // kafka-configs.sh changes it
        image = apply(image, scram("admin", "SCRAM-SHA-512", CREDENTIAL, true), 3); // a broker restarts
        assertThat(image.scram().users().get("admin")).containsExactlyEntriesOf(Map.of("SCRAM-SHA-512", OTHER));
        image = apply(image, scram("admin", "SCRAM-SHA-256", CREDENTIAL, true), 4);
        assertThat(image.scram().users().get("admin")).containsOnlyKeys("SCRAM-SHA-256", "SCRAM-SHA-512");

        image = apply(image, new AlterScramCredentials(List.of(new ScramChange("admin", "SCRAM-SHA-512", null, false),
                new ScramChange("admin", "SCRAM-SHA-256", null, false))), 5);
        assertThat(image.scram().users()).isEmpty();
        assertThat(image.offset()).isEqualTo(5);
    }

    @Test
    void quotasAreSetAndRemovedPerKeyAndAnEntityWithoutValuesGoes() {
        SortedMap<String, String> defaultUser = entity("user", null);
        ClusterImage image = apply(ClusterImage.EMPTY, quota(defaultUser,
                Map.of("producer_byte_rate", 1000.0, "consumer_byte_rate", 2000.0), Set.of()), 1);
        image = apply(image, quota(entity("user", "alice"), Map.of("producer_byte_rate", 10.0), Set.of()), 2);
        image = apply(image, quota(defaultUser, Map.of("consumer_byte_rate", 3000.0), Set.of("producer_byte_rate")),
                3);
        assertThat(image.quotas().entities()).containsExactly(
                Map.entry(defaultUser, new TreeMap<>(Map.of("consumer_byte_rate", 3000.0))),
                Map.entry(entity("user", "alice"), new TreeMap<>(Map.of("producer_byte_rate", 10.0))));
        image = apply(image, quota(entity("user", "alice"), Map.of(), Set.of("producer_byte_rate")), 4);
        assertThat(image.quotas().entities()).containsOnlyKeys(defaultUser);
    }

    private static ClusterImage apply(ClusterImage image, MetadataCommand command, long offset) {
        MetadataApplier.Applied applied = MetadataApplier.apply(image, command, offset);
        assertThat(applied.error()).isEqualTo(org.apache.kafka.common.protocol.Errors.NONE);
        return applied.image();
    }
}
