package dev.voltstream.load;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pipeline scenario against a running system (broker, PostgreSQL, fraud-, billing- and notification-service):
 * for each offered rate, sends contract Transactions from N simulated terminals at that rate for a fixed time, waits
 * (bounded) until their notifications are stored, and analyses the step; stops at the first rate not sustained.
 */
final class PipelineRun {
    /** What to run. */
    record Options(String bootstrap, String jdbcUrl, String dbUser, String dbPassword, List<Double> rates,
                   double seconds, double warmUpSeconds, double warmUpRate, double drainSeconds, int stations, Map<String, Long> pids,
                   java.nio.file.Path pgProfile) {
    }


    private final Options options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    PipelineRun(Options options) {
        this.options = options;
    }

    List<PipelineStep> run() throws Exception {
        List<PipelineStep> steps = new ArrayList<>();
        ProcessCpu cpu = new ProcessCpu(options.pids());
        try (KafkaProducer<String, String> producer = producer();
             NotificationStore store = new NotificationStore(options.jdbcUrl(), options.dbUser(), options.dbPassword());
             PipelineQueues queues = new PipelineQueues(options.bootstrap(), store.connection())) {
            if (options.warmUpSeconds() > 0) {
                // until the JIT has compiled the hot paths (a JVM just started spends most of its CPU compiling),
                // and drained before the first measured rate
                double rate = options.warmUpRate();
                System.err.printf(Locale.ROOT, "warm-up: %.0f tx/s for %.0f s (not recorded)%n", rate,
                        options.warmUpSeconds());
                PipelineStep warmUp = step("w", rate, options.warmUpSeconds(), producer, store, cpu, queues);
                if (warmUp.missing() > 0) {
                    System.err.println("  warning: " + warmUp.missing() + " warm-up transactions not notified after "
                            + "the drain wait; they queue ahead of the first rate");
                }
            }
            boolean profiling = options.pgProfile() != null && PgStatements.reset(store.connection());
            if (options.pgProfile() != null && !profiling) {
                System.err.println("  no PostgreSQL profile: pg_stat_statements is not available on this server");
            }
            for (int i = 0; i < options.rates().size(); i++) {
                double rate = options.rates().get(i);
                System.err.printf(Locale.ROOT, "offered %.0f tx/s for %.0f s%n", rate, options.seconds());
                PipelineStep step = step("s" + i, rate, options.seconds(), producer, store, cpu, queues);
                steps.add(step);
                System.err.printf(Locale.ROOT, "  => achieved %.0f tx/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, "
                                + "backlog %+.0f tx/s, %d not notified%n     CPU %% %s%n     queues at end %s%n",
                        step.achieved(), step.p50Ms(), step.p99Ms(), step.p999Ms(), step.backlogGrowth(),
                        step.missing(), rounded(step.cpuPercent()), step.queues());
                if (!RampPolicy.continueAfter(step)) {
                    System.err.println("  not sustained (" + RampPolicy.reason(step) + "): the ramp stops here");
                    break;
                }
            }
            if (profiling) {
                java.nio.file.Files.writeString(options.pgProfile(), PgStatements.markdown(
                        "Where PostgreSQL spent its time (pg_stat_statements, measured rates)",
                        PgStatements.top(store.connection(), 12), PgStatements.totalMs(store.connection())));
            }
        }
        return steps;
    }

    private PipelineStep step(String name, double rate, double seconds, KafkaProducer<String, String> producer,
                              NotificationStore store, ProcessCpu cpu, PipelineQueues queues) throws Exception {
        String prefix = "pl" + runId + name;
        PipelineTransactions txs = new PipelineTransactions(prefix, options.stations(),
                PipelineTransactions.accountsFor(rate, options.stations()));
        int planned = (int) Math.round(rate * seconds);
        long[] intended = new long[planned];
        AtomicLong errors = new AtomicLong();
        Map<String, Double> cpuBefore = cpu.cpuSeconds();
        // a notification of this step is stored after its transaction was sent (one clock, one machine)
        Instant stepStart = Instant.now().minusSeconds(1);
        long epoch0 = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long nano0 = System.nanoTime();
        RatePacer pacer = new RatePacer(rate);
        long deadline = nano0 + (long) ((seconds * 1.5 + 5) * 1e9); // a blocked producer must not hold the run
        int sent = 0;
        for (; sent < planned && System.nanoTime() < deadline; sent++) {
            long due = pacer.awaitTurn(sent);
            intended[sent] = epoch0 + (due - nano0) / 1000;
            producer.send(txs.record(sent, Instant.EPOCH.plus(intended[sent], ChronoUnit.MICROS)), (md, e) -> {
                if (e != null) {
                    errors.incrementAndGet();
                }
            });
        }
        producer.flush();
        double window = (System.nanoTime() - nano0) / 1e9;
        Map<String, Double> cpuPercent = ProcessCpu.percent(cpuBefore, cpu.cpuSeconds(), window);
        Map<String, Long> queuesAtEnd = queues.sample();
        if (errors.get() > 0) {
            System.err.println("  " + errors.get() + " sends failed");
        }
        long drainUntil = System.nanoTime() + (long) (options.drainSeconds() * 1e9);
        String idPrefix = txs.transactionIdPrefix();
        while (store.count(idPrefix, stepStart) < sent && System.nanoTime() < drainUntil) {
            Thread.sleep(500); // polling PostgreSQL: there is nothing to await but the rows themselves
        }
        Map<String, Long> times = store.storedTimes(idPrefix, stepStart);
        long[] sentIntended = java.util.Arrays.copyOf(intended, sent);
        long[] stored = new long[sent];
        for (Map.Entry<String, Long> e : times.entrySet()) {
            long seq = txs.seqOf(e.getKey());
            if (seq >= 0 && seq < stored.length) {
                stored[(int) seq] = e.getValue();
            }
        }
        long gaveUpAt = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        return PipelineStep.analyse(rate, seconds, sentIntended, stored, gaveUpAt).with(cpuPercent, queuesAtEnd);
    }

    private static Map<String, Long> rounded(Map<String, Double> values) {
        Map<String, Long> r = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> r.put(k, Math.round(v)));
        return r;
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "voltstream-load-pipeline");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
