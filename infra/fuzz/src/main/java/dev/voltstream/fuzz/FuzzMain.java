package dev.voltstream.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fuzzer's command line (infra/bin/fuzz.sh runs it):
 * <pre>
 *   FuzzMain --bootstrap host:port [--frames N] [--seed S] [--threads T] [--failures DIR] [--intact-records R]
 *   FuzzMain --bootstrap host:port --replay FILE.hex...
 *   FuzzMain --bootstrap host:port --check-intact R   (the topic written by an earlier --intact-records R)
 * </pre>
 * Prints the seed first (a failure replays with it), the report last; exits 1 if a probe went unanswered or the
 * intact topic changed, 0 otherwise.
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        long frames = 100_000;
        long seed = ThreadLocalRandom.current().nextLong();
        int threads = 4;
        Path failures = Path.of("fuzz-failures");
        int intactRecords = 0;
        int checkIntact = 0;
        List<Path> replay = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--frames" -> frames = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--failures" -> failures = Path.of(args[++i]);
                case "--intact-records" -> intactRecords = Integer.parseInt(args[++i]);
                case "--check-intact" -> checkIntact = Integer.parseInt(args[++i]);
                case "--replay" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        replay.add(Path.of(args[++i]));
                    }
                }
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (bootstrap == null) {
            throw new IllegalArgumentException("--bootstrap host:port is required");
        }
        String host = bootstrap.substring(0, bootstrap.lastIndexOf(':'));
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        if (checkIntact > 0) {
            System.exit(intactAsWritten(new IntactTopic(bootstrap, checkIntact)) ? 0 : 1);
        }
        if (!replay.isEmpty()) {
            boolean ok = true;
            for (Path file : replay) {
                boolean answered = Fuzzer.replay(host, port, FrameFiles.read(file));
                System.out.println(file + ": broker " + (answered ? "still answers" : "DOES NOT ANSWER"));
                ok &= answered;
            }
            System.exit(ok ? 0 : 1);
        }
        System.out.println("seed=" + seed + " frames=" + frames + " threads=" + threads + " bootstrap=" + bootstrap);
        IntactTopic intact = intactRecords > 0 ? new IntactTopic(bootstrap, intactRecords) : null;
        if (intact != null) {
            intact.write();
        }
        List<SeedCorpus.Seed> seeds = SeedCorpus.build(Fuzzer.supportedVersions(host, port));
        System.out.println("seeds=" + seeds.size());
        Fuzzer.Report report = new Fuzzer(new Fuzzer.Options(host, port, seed, frames, threads, failures, 200, 1000),
                seeds).run();
        System.out.println(report);
        boolean intactOk = intact == null || intactAsWritten(intact);
        System.exit(report.probeFailures() == 0 && intactOk ? 0 : 1);
    }

    private static boolean intactAsWritten(IntactTopic intact) {
        List<String> read = intact.read();
        boolean same = read.equals(intact.expected());
        System.out.println("intact topic: " + read.size() + " of " + intact.expected().size()
                + " records read back, " + (same ? "identical" : "DIFFERENT"));
        return same;
    }
}
