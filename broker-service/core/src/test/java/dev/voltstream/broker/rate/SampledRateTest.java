package dev.voltstream.broker.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.Rate;
import org.junit.jupiter.api.Test;

/** {@link SampledRate} measures as Kafka 4.1's {@code Rate}, on a driven clock. */
class SampledRateTest {

    @Test
    void aFirstBurstIsMeasuredOverAllWindowsButOne() {
        SampledRate rate = new SampledRate(11, 1000);
        // 50 KB at once: over the 10 missing full windows, not over 0 ms
        assertThat(rate.record(50_000, 5_000)).isEqualTo(5_000.0);
        assertThat(rate.elapsedMs(5_500)).isEqualTo(10_500);
        assertThat(rate.measure(5_500)).isCloseTo(50_000 / 10.5, within(1e-9));
    }

    @Test
    void aSampleThatStartedBeforeTheWindowCountsUntilItsLastValueIsAWholeWindowOld() {
        SampledRate rate = new SampledRate(2, 1000);
        rate.record(1000, 0);
        rate.record(1000, 999);    // same sample: it began at 0, its last value is at 999
        rate.record(1000, 1000);   // the next sample
        // at 2500 the first sample began 2.5 s ago but its last value is 1.5 s old: all three values over 2.5 s
        // (dropping it by its start would measure 1000 over 1.5 s; Kafka before 3.8 did, and the rate jumped)
        assertThat(rate.measure(2500)).isCloseTo(3000 / 2.5, within(1e-9));
        // once its last value is 2 s old it is gone: 1000 over the 1.999 s since the second sample began
        assertThat(rate.measure(2999)).isCloseTo(1000 / 1.999, within(1e-9));
        // and after a pause of a whole window nothing is left
        assertThat(rate.measure(5000)).isZero();
    }

    @Test
    void measuresAsKafkasRateOnAnySequence() {
        Random random = new Random(19);
        for (int samples : new int[] {1, 2, 11}) {
            SampledRate ours = new SampledRate(samples, 1000);
            Rate kafka = new Rate(TimeUnit.SECONDS);
            MetricConfig config = new MetricConfig().samples(samples).timeWindow(1000, TimeUnit.MILLISECONDS);
            long now = 1_000_000;
            for (int i = 0; i < 5_000; i++) {
                // mostly short steps, sometimes pauses longer than the whole window
                now += random.nextInt(10) == 0 ? random.nextInt(15_000) : random.nextInt(300);
                long value = random.nextInt(100_000);
                kafka.record(config, value, now);
                double expected = kafka.measure(config, now);
                assertThat(ours.record(value, now)).as("samples %d, step %d", samples, i)
                        .isCloseTo(expected, within(1e-6 * Math.max(1, expected)));
                assertThat(ours.elapsedMs(now)).isEqualTo(kafka.windowSize(config, now));
            }
        }
    }
}
