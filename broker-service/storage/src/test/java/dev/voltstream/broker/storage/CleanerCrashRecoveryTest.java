package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at every step of a cleaning pass: while a {@code .cleaned} segment is written, after it became
 * {@code .swap} (log file first, then its indexes), after each replaced segment was renamed {@code .deleted}, and
 * after the swap took the plain name. The partition directory is copied as it is at each step and each copy is
 * opened as after a crash: it must hold every offset's original record or none (never another value), the same last
 * value for every key, every record the finished pass keeps, whole valid batches, no cleaner leftovers, and take
 * appends at the same end offset.
 */
class CleanerCrashRecoveryTest extends CompactedLogFixture {
    @TempDir
    Path crashes;

    @AfterEach
    void removeHook() {
        CleanerCrashPoints.hook = (step, dir) -> { };
    }

    @Test
    void everyCrashPointOfACleaningPassRecovers() throws IOException {
        open(Map.of());
        writeRounds(16, 5);
        log.appendAsLeader(keyed("k2", null), 0);
        writeRounds(2, 1);
        Map<Long, String> before = contents(log);
        long end = log.logEndOffset();
        Map<String, Path> copies = new LinkedHashMap<>();
        CleanerCrashPoints.hook = (step, dir) -> {
            Path copy = crashes.resolve(copies.size() + "-" + step).resolve(dir.getFileName());
            copyDir(dir, copy);
            copies.put(step, copy);
        };
        assertThat(clean()).isEqualTo(1);
        CleanerCrashPoints.hook = (step, dir) -> { };
        Map<Long, String> after = contents(log);
        assertThat(copies.keySet()).contains("cleaned-segment-0", "renamed-log-file-to-.swap", "renamed-to-swap",
                "renamed-log-file-to-log", "swapped").anyMatch(s -> s.startsWith("old-segment-deleted-"));

        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Path> crash : copies.entrySet()) {
            PartitionLog recovered = PartitionLog.open(crash.getValue(), TP, log.config(), time);
            try {
                Map<Long, String> contents = contents(recovered);
                assertThat(recovered.logEndOffset()).as(crash.getKey()).isEqualTo(end);
                contents.forEach((offset, kv) -> assertThat(before).as(crash.getKey()).containsEntry(offset, kv));
                after.forEach((offset, kv) -> assertThat(contents).as(crash.getKey()).containsEntry(offset, kv));
                assertThat(latest(contents)).as(crash.getKey()).isEqualTo(latest(before));
                DiskFaultTest.assertEveryBatchWholeAndValid(crash.getValue());
                try (Stream<Path> files = Files.list(crash.getValue())) {
                    assertThat(files.map(p -> p.getFileName().toString())).as(crash.getKey())
                            .noneMatch(n -> n.endsWith(LogFileNames.CLEANED_SUFFIX)
                                    || n.endsWith(LogFileNames.SWAP_SUFFIX) || n.endsWith(LogFileNames.DELETED_SUFFIX));
                }
                assertThat(recovered.appendAsLeader(keyed("k0", "after-crash"), 0).firstOffset()).isEqualTo(end);
                checked.add(crash.getKey());
            } finally {
                recovered.close();
            }
        }
        assertThat(checked).hasSize(copies.size());
    }

    private static void copyDir(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
