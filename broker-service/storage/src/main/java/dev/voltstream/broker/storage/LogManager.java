package dev.voltstream.broker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every partition log of this broker across its log dirs: loads them at startup, creates new ones in the dir with
 * the fewest partitions, deletes them (rename to {@code <dir>.<uuid>-delete}, then remove in the background) and runs
 * retention periodically. The scheduler belongs to the caller and is not shut down here.
 *
 * <p>As Kafka's LogDirFailureChannel does, a write that fails for a reason other than a full disk takes its whole log
 * dir offline: every log in it then fails reads and writes with KAFKA_STORAGE_ERROR, no new log is created there, and
 * the dir comes back only after a restart (when recovery re-reads its files). Unlike Kafka, the broker does not halt
 * when its last dir goes offline, and a full disk does not take the dir offline at all (see {@link PartitionLog}).
 */
public final class LogManager implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);

    private final List<Path> logDirs;
    private final ScheduledExecutorService scheduler;
    private final Time time;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final Set<Path> offlineDirs = ConcurrentHashMap.newKeySet();
    private final WriteInterceptor interceptor;
    private final Object lock = new Object();
    private volatile ScheduledFuture<?> retentionTask;
    private volatile LogCleaner cleaner;

    public LogManager(List<Path> logDirs, ScheduledExecutorService scheduler, Time time) {
        this(logDirs, scheduler, time, WriteInterceptor.NONE);
    }

    /** With a write interceptor: tests use it to inject disk faults. */
    public LogManager(List<Path> logDirs, ScheduledExecutorService scheduler, Time time,
                      WriteInterceptor interceptor) {
        this.interceptor = interceptor;
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("at least one log dir is needed");
        }
        this.logDirs = List.copyOf(logDirs);
        this.scheduler = scheduler;
        this.time = time;
    }

    /** Opens every {@code <topic>-<partition>} dir in the log dirs and finishes interrupted deletions. */
    public Map<TopicPartition, PartitionLog> loadLogs(Function<TopicPartition, LogConfig> configFor)
            throws IOException {
        synchronized (lock) {
            for (Path logDir : logDirs) {
                Files.createDirectories(logDir);
                try (DirectoryStream<Path> children = Files.newDirectoryStream(logDir, Files::isDirectory)) {
                    for (Path child : children) {
                        loadDir(child, configFor);
                    }
                }
            }
            return Map.copyOf(logs);
        }
    }

    private void loadDir(Path dir, Function<TopicPartition, LogConfig> configFor) throws IOException {
        String name = dir.getFileName().toString();
        if (name.endsWith(LogFileNames.DELETE_DIR_SUFFIX)) {
            LOG.info("Finishing the deletion of {}", dir);
            FileTree.deleteRecursively(dir);
            return;
        }
        TopicPartition tp;
        try {
            tp = LogFileNames.parsePartitionDir(name);
        } catch (IllegalArgumentException e) {
            if (name.startsWith("__")) {
                // "__..." directories are the broker's own (e.g. its metadata), not stray data.
                LOG.debug("Skipping broker directory {}", dir);
            } else {
                LOG.warn("Ignoring {} in a log dir: not a <topic>-<partition> directory", dir);
            }
            return;
        }
        PartitionLog existing = logs.get(tp);
        if (existing != null) {
            throw new IllegalStateException("Partition " + tp + " is in two log dirs: " + existing.dir()
                    + " and " + dir);
        }
        logs.put(tp, openLog(dir, tp, configFor.apply(tp)));
    }

    /** The log of {@code tp}, created in the log dir holding the fewest partitions when it does not exist. */
    public PartitionLog getOrCreateLog(TopicPartition tp, LogConfig config) throws IOException {
        synchronized (lock) {
            PartitionLog log = logs.get(tp);
            if (log != null) {
                return log;
            }
            Path logDir = logDirs.stream()
                    .filter(d -> !offlineDirs.contains(d.toAbsolutePath().normalize()))
                    .min(Comparator.comparingLong(this::partitionsIn))
                    .orElseThrow(() -> new KafkaStorageException("Every log dir is offline: cannot create " + tp));
            log = openLog(logDir.resolve(LogFileNames.partitionDirName(tp)), tp, config);
            logs.put(tp, log);
            LOG.info("Created log for {} in {}", tp, logDir);
            return log;
        }
    }

    private PartitionLog openLog(Path dir, TopicPartition tp, LogConfig config) throws IOException {
        return PartitionLog.open(dir, tp, config, time, interceptor, this::markDirOffline);
    }

    /** Takes {@code logDir} offline after a failed write: every log in it stops serving until a restart. */
    void markDirOffline(Path logDir, IOException cause) {
        Path dir = logDir.toAbsolutePath().normalize();
        if (!offlineDirs.add(dir)) {
            return;
        }
        int count = 0;
        for (PartitionLog log : logs.values()) {
            if (log.dir().toAbsolutePath().normalize().getParent().equals(dir)) {
                log.markOffline("log dir " + dir + " failed: " + cause);
                count++;
            }
        }
        LOG.error("Log dir {} is offline after an I/O error ({}); its {} partition log(s) fail with "
                + "KAFKA_STORAGE_ERROR until the broker is restarted", dir, cause.toString(), count);
    }

    /** The log dirs taken offline by a failed write (absolute paths). */
    public Set<Path> offlineDirs() {
        return Set.copyOf(offlineDirs);
    }

    /** Whether {@code logDir} has been taken offline. */
    public boolean isOffline(Path logDir) {
        return offlineDirs.contains(logDir.toAbsolutePath().normalize());
    }

    private long partitionsIn(Path logDir) {
        return logs.values().stream().filter(l -> l.dir().getParent().equals(logDir)).count();
    }

    public Optional<PartitionLog> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<PartitionLog> allLogs() {
        return List.copyOf(logs.values());
    }

    public List<Path> logDirs() {
        return logDirs;
    }

    /** Closes the log, renames its dir to {@code <dir>.<uuid>-delete} and removes it in the background. */
    public void deleteLog(TopicPartition tp) throws IOException {
        PartitionLog log;
        synchronized (lock) {
            log = logs.remove(tp);
        }
        if (log == null) {
            return;
        }
        log.close();
        Path dir = log.dir();
        Path doomed = dir.resolveSibling(dir.getFileName() + "." + UUID.randomUUID().toString().replace("-", "")
                + LogFileNames.DELETE_DIR_SUFFIX);
        Files.move(dir, doomed);
        scheduler.execute(() -> {
            try {
                FileTree.deleteRecursively(doomed);
            } catch (IOException e) {
                LOG.warn("Could not delete {}; it will be removed at the next start: {}", doomed, e.toString());
            }
        });
    }

    /** Runs {@link PartitionLog#enforceRetention} on every log every {@code intervalMs}. */
    public void startRetentionChecks(long intervalMs) {
        synchronized (lock) {
            if (retentionTask != null) {
                retentionTask.cancel(false);
            }
            retentionTask = scheduler.scheduleWithFixedDelay(this::enforceRetentionOnAll, intervalMs, intervalMs,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void enforceRetentionOnAll() {
        for (PartitionLog log : allLogs()) {
            try {
                log.enforceRetention(time.milliseconds());
            } catch (IOException | RuntimeException e) {
                // One line: a full disk would otherwise print a stack trace per partition per check.
                LOG.warn("Retention check of {} failed: {}", log.topicPartition(), e.toString());
            }
        }
    }

    /** Starts the log cleaner over every log of this manager (compacted ones are cleaned; see {@link LogCleaner}). */
    public LogCleaner startCleaner(CleanerConfig config) {
        synchronized (lock) {
            if (cleaner == null) {
                cleaner = new LogCleaner(config, this::allLogs, time);
                cleaner.start();
            }
            return cleaner;
        }
    }

    /** The running log cleaner, if {@link #startCleaner} was called. */
    public Optional<LogCleaner> cleaner() {
        return Optional.ofNullable(cleaner);
    }

    /** Stops the cleaner and retention checks and closes every log cleanly. */
    @Override
    public void close() throws IOException {
        LogCleaner running = cleaner;
        if (running != null) {
            running.close(); // before the logs close under it
        }
        synchronized (lock) {
            if (retentionTask != null) {
                retentionTask.cancel(false);
            }
            IOException failure = null;
            for (PartitionLog log : logs.values()) {
                try {
                    log.close();
                } catch (IOException e) {
                    LOG.error("Could not close the log of {}", log.topicPartition(), e);
                    failure = e;
                }
            }
            logs.clear();
            if (failure != null) {
                throw failure;
            }
        }
    }
}
