package dev.voltstream.load;

import java.util.ArrayList;
import java.util.List;

/** One broker scenario of the comparison: a produce run, or a fan-out consume of what a produce run wrote. */
public record Scenario(String name, int partitions, int producers, boolean keyed, String compression, String acks,
                       double rate, long records, int recordSize, int consumerGroups) {

    public boolean isConsume() {
        return consumerGroups > 0;
    }

    public ProduceOptions produce(String bootstrap, String topic, double maxSeconds) {
        return new ProduceOptions(bootstrap, topic, partitions, producers, records, recordSize, keyed, compression,
                acks, rate, maxSeconds);
    }

    /** The default matrix: each dimension of the issue varied from a baseline, plus an offered-load sweep. */
    public static List<Scenario> matrix(double scale) {
        long n = Math.max(1000, (long) (500_000 * scale));
        List<Scenario> list = new ArrayList<>();
        list.add(new Scenario("baseline: 6 partitions, 1 producer", 6, 1, false, "none", "1", 0, n, 100, 0));
        list.add(new Scenario("1 partition", 1, 1, false, "none", "1", 0, n, 100, 0));
        list.add(new Scenario("24 partitions", 24, 1, false, "none", "1", 0, n, 100, 0));
        list.add(new Scenario("4 producers", 6, 4, false, "none", "1", 0, n, 100, 0));
        list.add(new Scenario("keyed", 6, 1, true, "none", "1", 0, n, 100, 0));
        list.add(new Scenario("lz4", 6, 1, false, "lz4", "1", 0, n, 100, 0));
        list.add(new Scenario("zstd", 6, 1, false, "zstd", "1", 0, n, 100, 0));
        list.add(new Scenario("acks=all", 6, 1, false, "none", "all", 0, n, 100, 0));
        for (double offered : new double[] {10_000, 50_000, 100_000}) {
            long records = Math.max(1000, (long) (offered * 10 * Math.min(1, scale * 4)));
            list.add(new Scenario(String.format("fixed load %.0f rec/s", offered), 6, 1, false, "none", "1", offered,
                    records, 100, 0));
        }
        list.add(new Scenario("fan-out: 1 group", 6, 0, false, "none", "1", 0, n, 100, 1));
        list.add(new Scenario("fan-out: 3 groups", 6, 0, false, "none", "1", 0, n, 100, 3));
        return list;
    }
}
