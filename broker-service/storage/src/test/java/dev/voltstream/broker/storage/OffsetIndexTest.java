package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {
    @TempDir
    Path dir;

    @Test
    void lookupFindsTheLargestEntryAtOrBelowTheTarget() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("x.index"), 100, 800);
        index.append(104, 50);
        index.append(110, 300);
        index.append(130, 900);

        assertThat(index.lookup(99)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        assertThat(index.lookup(103)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        assertThat(index.lookup(104)).isEqualTo(new OffsetIndex.OffsetPosition(104, 50));
        assertThat(index.lookup(129)).isEqualTo(new OffsetIndex.OffsetPosition(110, 300));
        assertThat(index.lookup(Long.MAX_VALUE)).isEqualTo(new OffsetIndex.OffsetPosition(130, 900));

        index.truncateTo(110);
        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.lastOffset()).isEqualTo(104);
    }

    @Test
    void isPreallocatedAndTrimmedOnClose() throws IOException {
        Path file = dir.resolve("y.index");
        OffsetIndex index = new OffsetIndex(file, 0, 803);
        assertThat(Files.size(file)).isEqualTo(800);
        index.append(5, 10);
        index.append(9, 20);

        index.close();

        assertThat(Files.size(file)).isEqualTo(16);
        OffsetIndex reopened = new OffsetIndex(file, 0, 800);
        assertThat(reopened.entries()).isEqualTo(2);
        assertThat(reopened.isSane(100)).isTrue();
        assertThat(reopened.isSane(15)).as("an entry pointing past the log").isFalse();
    }

    @Test
    void aZeroFilledPreallocatedFileIsNotSane() throws IOException {
        Path file = dir.resolve("z.index");
        Files.write(file, new byte[64]);

        assertThat(new OffsetIndex(file, 0, 64).isSane(1000)).isFalse();
    }

    @Test
    void timeIndexKeepsOnlyGrowingTimestamps() throws IOException {
        TimeIndex index = new TimeIndex(dir.resolve("t.timeindex"), 50, 120);
        index.maybeAppend(1000, 55, false);
        index.maybeAppend(900, 60, false);
        index.maybeAppend(2000, 70, false);

        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lookup(1500)).isEqualTo(new TimeIndex.TimestampOffset(1000, 55));
        assertThat(index.lookup(10)).isEqualTo(new TimeIndex.TimestampOffset(-1, 50));
        assertThat(index.isSane()).isTrue();
    }
}
