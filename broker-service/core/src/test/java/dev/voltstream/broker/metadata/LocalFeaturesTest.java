package dev.voltstream.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A single node's {@code transaction.version}: a new node finalizes Kafka 4.1's 2 (or the setting) once, when it is
 * formed, and keeps it whatever the setting says later; a node formed by an earlier release (no levels recorded)
 * keeps the level it ran at, 1 unless set.
 */
class LocalFeaturesTest {
    private static final String TV = FinalizedFeatures.TRANSACTION_VERSION;

    @TempDir
    Path dir;

    private static Map<String, Short> initial(String setting) {
        return FinalizedFeatures.initial(key -> Optional.ofNullable(setting));
    }

    private static Map<String, Short> unrecorded(String setting) {
        return FinalizedFeatures.unrecorded(key -> Optional.ofNullable(setting));
    }

    @Test
    void aNewNodeRecordsTransactionVersion2AtFormationAndKeepsIt() {
        LocalFeatures formed = LocalFeatures.load(dir, true, initial(null), unrecorded(null));
        assertThat(formed.levels().level(TV)).isEqualTo((short) 2);
        assertThat(dir.resolve("finalized-features")).exists();

        LocalFeatures restarted = LocalFeatures.load(dir, false, initial("1"), unrecorded("1"));
        assertThat(restarted.levels()).isEqualTo(formed.levels());
    }

    @Test
    void theSettingChoosesTheLevelOfANewNode() {
        assertThat(LocalFeatures.load(dir, true, initial("1"), unrecorded("1")).levels().level(TV))
                .isEqualTo((short) 1);
    }

    @Test
    void aNodeFormedByAnEarlierReleaseKeepsTheLevelItRanAt() throws Exception {
        LocalFeatures existing = LocalFeatures.load(dir, false, initial(null), unrecorded(null));
        assertThat(existing.levels().level(TV)).isEqualTo((short) 1);
        assertThat(Files.exists(dir.resolve("finalized-features"))).isFalse();

        existing.update(Map.of(TV, (short) 2));
        assertThat(LocalFeatures.load(dir, false, initial(null), unrecorded(null)).levels().level(TV))
                .isEqualTo((short) 2);
    }
}
