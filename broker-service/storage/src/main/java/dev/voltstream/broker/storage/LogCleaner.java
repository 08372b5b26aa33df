package dev.voltstream.broker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log cleaner, as Kafka's LogCleaner and LogCleanerManager: {@code log.cleaner.threads} threads each take the
 * filthiest compacted log (the highest dirty ratio above its {@code min.cleanable.dirty.ratio}, or one with a record
 * older than {@code max.compaction.lag.ms}, or one whose cleaned tombstones have reached their delete horizon), clean
 * it with their own {@link Cleaner} and record how far it is clean in its {@code cleaner-offset-checkpoint}, so a
 * restart does not clean from the start again. A thread with nothing to do sleeps {@code log.cleaner.backoff.ms}.
 * Every replica cleans its own log: leaders and followers alike. {@link #reconfigure} changes the settings at runtime.
 */
public final class LogCleaner implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);

    private volatile CleanerConfig config;
    private final Supplier<Collection<PartitionLog>> logs;
    private final Time time;
    private final Throttler throttler;
    private final Set<TopicPartition> inProgress = ConcurrentHashMap.newKeySet();
    private final Set<TopicPartition> uncleanable = ConcurrentHashMap.newKeySet();
    private final Map<TopicPartition, Long> deletesDueAt = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Double> dirtyRatios = new ConcurrentHashMap<>();
    /** The current generation's threads (replaced by {@link #reconfigure}). */
    private volatile List<Thread> threads = List.of();
    /** Every thread started and not yet exited, of any generation. */
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private volatile int generation;
    private final Object sleep = new Object();
    private volatile boolean stopping;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong passes = new AtomicLong();
    private volatile long lastRunEndMs = -1;
    private volatile long lastRunDurationMs;
    private volatile double maxDirtyRatio;

    public LogCleaner(CleanerConfig config, Supplier<Collection<PartitionLog>> logs, Time time) {
        this.config = config;
        this.logs = logs;
        this.time = time;
        this.throttler = new Throttler(config.maxIoBytesPerSec(), time);
    }

    /** Starts the cleaner threads (none when {@code log.cleaner.enable=false}). */
    public synchronized void start() {
        if (!config.enabled()) {
            LOG.info("The log cleaner is disabled (log.cleaner.enable=false): compacted topics are not cleaned");
            return;
        }
        startThreads(List.of());
    }

    /** The settings the cleaner runs with now. */
    public CleanerConfig config() {
        return config;
    }

    /**
     * Applies new {@code log.cleaner.*} settings at runtime, as Kafka's {@code LogCleaner.reconfigure}: the I/O
     * throttle takes the new rate at once; the threads are replaced between passes — a running pass finishes (and
     * writes its cleaner checkpoint) and its thread exits, and the new threads (count, dedupe and I/O buffers,
     * backoff) start cleaning once the old ones have exited. The caller does not wait for a running pass.
     *
     * @throws IllegalArgumentException when {@code next} may not replace the current settings
     *                                  ({@link CleanerConfig#validateReconfiguration})
     */
    public synchronized void reconfigure(CleanerConfig next) {
        CleanerConfig old = config;
        if (next.equals(old)) {
            return;
        }
        old.validateReconfiguration(next);
        config = next;
        if (next.maxIoBytesPerSec() != old.maxIoBytesPerSec()) {
            LOG.info("Updating log.cleaner.io.max.bytes.per.second: {}", next.maxIoBytesPerSec());
            throttler.bytesPerSecond(next.maxIoBytesPerSec());
        }
        if (!old.enabled() || stopping) {
            return; // log.cleaner.enable is read at start only, as in Kafka
        }
        LOG.info("Restarting the log cleaner with {} thread(s) between passes: {}", next.threads(), next);
        List<Thread> retiring = List.copyOf(threads);
        generation++;
        synchronized (sleep) {
            sleep.notifyAll(); // idle threads notice the new generation now, not after log.cleaner.backoff.ms
        }
        startThreads(retiring);
    }

    /** Starts {@code config.threads()} threads of a new generation; they begin once {@code retiring} have exited. */
    private void startThreads(List<Thread> retiring) {
        int gen = generation;
        CleanerConfig settings = config;
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            Thread thread = new Thread(() -> run(gen, settings, retiring),
                    "kafka-log-cleaner-thread-" + i + (gen == 0 ? "" : "-gen" + gen));
            thread.setDaemon(true);
            started.add(thread);
        }
        threads = started;
        live.addAll(started);
        started.forEach(Thread::start);
    }

    private void run(int gen, CleanerConfig settings, List<Thread> retiring) {
        try {
            for (Thread old : retiring) {
                old.join(); // the previous generation finishes the pass it is in: no overlap of dedupe buffers
            }
            runPasses(gen, settings);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            live.remove(Thread.currentThread());
        }
    }

    private void runPasses(int gen, CleanerConfig settings) throws InterruptedException {
        Cleaner cleaner = null;
        while (!stopping && generation == gen) {
            boolean cleaned = false;
            try {
                Optional<LogToClean> next = grabFilthiest();
                if (next.isPresent()) {
                    if (cleaner == null) {
                        // The dedupe buffer is allocated by the first pass that needs it: a broker without compacted
                        // topics never pays for it.
                        cleaner = newCleaner(settings);
                    }
                    clean(cleaner, next.get());
                    cleaned = true;
                }
            } catch (RuntimeException e) {
                LOG.error("The log cleaner failed to choose a log", e);
            }
            if (!cleaned) {
                synchronized (sleep) {
                    if (!stopping && generation == gen) {
                        sleep.wait(Math.max(1, settings.backoffMs()));
                    }
                }
            }
        }
    }

    private Cleaner newCleaner(CleanerConfig settings) {
        return new Cleaner(new OffsetMap(settings.dedupeBufferPerThread()), settings.ioBufferPerThread(),
                settings.loadFactor(), throttler, time, () -> stopping);
    }

    /** Cleans every log that needs it, once, on the calling thread; returns how many passes ran (tests). */
    public int cleanNow() {
        Cleaner cleaner = newCleaner(config);
        int count = 0;
        Optional<LogToClean> next;
        Set<TopicPartition> done = new java.util.HashSet<>();
        while ((next = grabFilthiest()).isPresent()) {
            TopicPartition tp = next.get().log().topicPartition();
            if (!done.add(tp)) {
                inProgress.remove(tp);
                break;
            }
            clean(cleaner, next.get());
            count++;
        }
        return count;
    }

    private Optional<LogToClean> grabFilthiest() {
        long now = time.milliseconds();
        synchronized (inProgress) {
            LogToClean best = null;
            LogToClean deletesDue = null;
            double max = 0;
            Map<TopicPartition, Double> ratios = new java.util.HashMap<>();
            for (PartitionLog log : logs.get()) {
                TopicPartition tp = log.topicPartition();
                if (!log.config().cleanup().compact() || log.isOffline() || uncleanable.contains(tp)) {
                    continue;
                }
                LogToClean ltc;
                try {
                    ltc = LogToClean.of(log, checkpoint(log), now);
                } catch (IOException | KafkaStorageException e) {
                    continue; // closed or offline meanwhile
                }
                ratios.put(tp, ltc.cleanableRatio());
                max = Math.max(max, ltc.cleanableRatio());
                if (inProgress.contains(tp)) {
                    continue;
                }
                if (ltc.shouldClean() && (best == null || ltc.cleanableRatio() > best.cleanableRatio())) {
                    best = ltc;
                }
                Long due = deletesDueAt.get(tp);
                if (deletesDue == null && due != null && due <= now) {
                    deletesDue = ltc;
                }
            }
            dirtyRatios.keySet().retainAll(ratios.keySet());
            dirtyRatios.putAll(ratios);
            maxDirtyRatio = max;
            LogToClean chosen = best != null ? best : deletesDue;
            if (chosen != null) {
                inProgress.add(chosen.log().topicPartition());
            }
            return Optional.ofNullable(chosen);
        }
    }

    private void clean(Cleaner cleaner, LogToClean ltc) {
        PartitionLog log = ltc.log();
        TopicPartition tp = log.topicPartition();
        long start = time.milliseconds();
        try {
            Cleaner.Result result = cleaner.clean(ltc);
            bytesRead.addAndGet(result.bytesRead());
            bytesWritten.addAndGet(result.bytesWritten());
            if (!result.aborted()) {
                CheckpointFile.writeLong(log.dir().resolve(LogFileNames.CLEANER_CHECKPOINT),
                        result.nextDirtyOffset());
                if (result.retainedDeletes()) {
                    deletesDueAt.put(tp, time.milliseconds() + ltc.snapshot().config().cleanup().deleteRetentionMs());
                } else {
                    deletesDueAt.remove(tp);
                }
                passes.incrementAndGet();
                LOG.info("Cleaned {} up to offset {}: {} bytes ({} records) read, {} bytes ({} records) kept in {} ms",
                        tp, result.nextDirtyOffset(), result.bytesRead(), result.recordsRead(),
                        result.bytesWritten(), result.recordsWritten(), time.milliseconds() - start);
            }
        } catch (Cleaner.AbortedException e) {
            LOG.debug("Cleaning of {} aborted: {}", tp, e.getMessage());
        } catch (IOException | KafkaStorageException e) {
            // A closed (deleted, moved) or failed log: the next pass sees whether it is still there.
            LOG.warn("Cleaning of {} failed: {}", tp, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            uncleanable.add(tp);
            LOG.error("Cleaning of {} failed; the partition is marked uncleanable until the broker restarts", tp, e);
        } finally {
            lastRunDurationMs = time.milliseconds() - start;
            lastRunEndMs = time.milliseconds();
            inProgress.remove(tp);
        }
    }

    private static long checkpoint(PartitionLog log) {
        return CheckpointFile.readLong(log.dir().resolve(LogFileNames.CLEANER_CHECKPOINT), -1L);
    }

    /** Bytes of log read by cleaning passes since start. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Bytes written into cleaned segments since start. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Cleaning passes completed since start. */
    public long passes() {
        return passes.get();
    }

    /** When the last pass ended (epoch ms), -1 before the first. */
    public long lastRunEndMs() {
        return lastRunEndMs;
    }

    /** How long the last pass took. */
    public long lastRunDurationMs() {
        return lastRunDurationMs;
    }

    /** The highest dirty ratio (0..1) of the compacted logs at the last look. */
    public double maxDirtyRatio() {
        return maxDirtyRatio;
    }

    /** The dirty ratio of a compacted log at the last look, empty for a log the cleaner does not clean. */
    public Optional<Double> dirtyRatio(TopicPartition tp) {
        return Optional.ofNullable(dirtyRatios.get(tp));
    }

    /** Partitions whose cleaning failed unexpectedly (not retried until a restart). */
    public int uncleanablePartitions() {
        return uncleanable.size();
    }

    /** Cleaner threads that should be running but are not. */
    public int deadThreads() {
        return (int) threads.stream().filter(t -> !t.isAlive()).count();
    }

    /** The I/O throttle's rate now ({@code log.cleaner.io.max.bytes.per.second}). */
    double throttlerRate() {
        return throttler.bytesPerSecond();
    }

    /** Cleaner threads alive now, of any generation (a reconfiguration's old threads until their pass ends). */
    public int liveThreads() {
        return live.size();
    }

    /** Stops the threads; a pass in progress is abandoned (its {@code .cleaned} files are removed). */
    @Override
    public void close() {
        stopping = true;
        synchronized (sleep) {
            sleep.notifyAll();
        }
        for (Thread thread : List.copyOf(live)) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
