package dev.voltstream.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One broker scenario of the comparison: a produce run, or a fan-out consume of what a produce run wrote. */
public record Scenario(String name, int partitions, int producers, boolean keyed, String compression, String acks,
                       double rate, long records, int recordSize, int consumerGroups) {

    public boolean isConsume() {
        return consumerGroups > 0;
    }

    /** A saturation run (as fast as the broker acknowledges) rather than one at a fixed offered load. */
    public boolean isSaturation() {
        return rate <= 0;
    }

    public ProduceOptions produce(String bootstrap, String topic, double maxSeconds) {
        return new ProduceOptions(bootstrap, topic, partitions, producers, records, recordSize, keyed, compression,
                acks, rate, maxSeconds);
    }

    /** The name in lower case with every run of other characters than letters and digits as one '-'. */
    public String slug() {
        return slug(name);
    }

    static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** Whether {@code --only filter} selects this scenario: the filter is part of its name or of its slug. */
    public boolean matches(String filter) {
        return filter == null || name.contains(filter) || slug().contains(slug(filter));
    }

    /**
     * The default matrix of issue 8: each dimension varied from a baseline (6 partitions, 1 producer, unkeyed, no
     * compression, acks=1, saturation): 1 / 6 / 24 partitions, 1 / 2 / 4 producers, keyed, none / lz4 / zstd; the
     * acks=all runs (1 / 6 / 24 partitions, 4 producers, all named "acks=all...", so {@code --only acks-all} picks
     * them); fixed offered loads for latency below saturation (acks=1 and acks=all); fan-out to 1 / 2 / 3 consumer
     * groups. Record counts are multiplied by {@code scale}: at full scale a saturation run sends 2 million records
     * (seconds, so batching ramp-up is noise) and a fixed-load run lasts about 10 s.
     */
    public static List<Scenario> matrix(double scale) {
        long n = Math.max(1000, (long) (2_000_000 * scale));
        List<Scenario> list = new ArrayList<>();
        list.add(saturation("baseline: 6 partitions, 1 producer", 6, 1, false, "none", "1", n));
        list.add(saturation("1 partition", 1, 1, false, "none", "1", n));
        list.add(saturation("24 partitions", 24, 1, false, "none", "1", n));
        list.add(saturation("2 producers", 6, 2, false, "none", "1", n));
        list.add(saturation("4 producers", 6, 4, false, "none", "1", n));
        list.add(saturation("keyed", 6, 1, true, "none", "1", n));
        list.add(saturation("lz4", 6, 1, false, "lz4", "1", n));
        list.add(saturation("zstd", 6, 1, false, "zstd", "1", n));
        list.add(saturation("acks=all", 6, 1, false, "none", "all", n));
        list.add(saturation("acks=all, 1 partition", 1, 1, false, "none", "all", n));
        list.add(saturation("acks=all, 24 partitions", 24, 1, false, "none", "all", n));
        list.add(saturation("acks=all, 4 producers, keyed", 6, 4, true, "none", "all", n));
        for (double offered : new double[] {10_000, 50_000, 100_000}) {
            list.add(fixedLoad("fixed load", offered, "1", scale));
        }
        for (double offered : new double[] {10_000, 50_000}) {
            list.add(fixedLoad("acks=all, fixed load", offered, "all", scale));
        }
        for (int groups = 1; groups <= 3; groups++) {
            list.add(new Scenario("fan-out: " + groups + " group" + (groups == 1 ? "" : "s"), 6, 0, false, "none",
                    "1", 0, n, 100, groups));
        }
        return list;
    }

    private static Scenario saturation(String name, int partitions, int producers, boolean keyed, String compression,
                                       String acks, long records) {
        return new Scenario(name, partitions, producers, keyed, compression, acks, 0, records, 100, 0);
    }

    private static Scenario fixedLoad(String prefix, double offered, String acks, double scale) {
        long records = Math.max(1000, (long) (offered * 10 * Math.min(1, scale * 4)));
        return new Scenario(String.format(Locale.ROOT, "%s %.0f rec/s", prefix, offered), 6, 1, false, "none", acks,
                offered, records, 100, 0);
    }
}
