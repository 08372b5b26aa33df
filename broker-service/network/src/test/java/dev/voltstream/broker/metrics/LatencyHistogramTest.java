package dev.voltstream.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void countsEachObservationInTheFirstBucketItFitsCumulatively() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(TimeUnit.MICROSECONDS.toNanos(50));   // ≤ 0.0001 s
        histogram.record(TimeUnit.MICROSECONDS.toNanos(100));  // exactly on the bound: le is inclusive
        histogram.record(TimeUnit.MILLISECONDS.toNanos(3));    // ≤ 0.005 s
        histogram.record(TimeUnit.SECONDS.toNanos(60));        // above every bound: +Inf only

        long[] counts = histogram.cumulativeCounts();
        assertThat(counts).hasSize(LatencyHistogram.BOUNDS_SECONDS.length + 1);
        assertThat(counts[0]).isEqualTo(2);
        assertThat(counts[4]).isEqualTo(2);   // ≤ 0.0025 s
        assertThat(counts[5]).isEqualTo(3);   // ≤ 0.005 s
        assertThat(counts[LatencyHistogram.BOUNDS_SECONDS.length - 1]).isEqualTo(3);
        assertThat(counts[counts.length - 1]).isEqualTo(4).isEqualTo(histogram.count());
        assertThat(histogram.sumSeconds()).isCloseTo(60.00315, org.assertj.core.data.Offset.offset(1e-9));
    }
}
