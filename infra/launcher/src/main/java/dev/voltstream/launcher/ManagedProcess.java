package dev.voltstream.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process the demo is responsible for: one it started, or one it adopted (PostgreSQL's postmaster daemonizes away
 * from the JVM that started it). Stopping it means SIGTERM, a wait, then SIGKILL, and the same for every descendant
 * it had, so that no grandchild (a JVM behind a shell script) survives.
 */
public final class ManagedProcess {
    private final String name;
    private final ProcessHandle handle;
    private final Path log;
    private final Process process;
    private final List<ProcessHandle> companions = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A process this launcher started ({@code process}), with its output in {@code log}. */
    public ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.handle = process.toHandle();
        this.log = log;
        this.process = process;
    }

    /** A process started by someone else (no exit code), with its log if known. */
    public ManagedProcess(String name, ProcessHandle handle, Path log) {
        this.name = name;
        this.handle = handle;
        this.log = log;
        this.process = null;
    }

    /** A process started by someone else, log unknown. */
    public ManagedProcess(String name, ProcessHandle handle) {
        this(name, handle, null);
    }

    /**
     * Adds a process to stop after this one and its descendants: one it started that left its process tree
     * (PostgreSQL's postmaster, which {@code pg_ctl} daemonizes). It is normally gone by then, stopped by this one.
     */
    public void addCompanion(ProcessHandle companion) {
        companions.add(companion);
    }

    public List<ProcessHandle> companions() {
        return List.copyOf(companions);
    }

    /** The exit code of a started process that has exited, else -1. */
    public int exitValue() {
        if (process == null || process.isAlive()) {
            return -1;
        }
        return process.exitValue();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public ProcessHandle handle() {
        return handle;
    }

    /** The file its stdout and stderr go to, or null for an adopted process. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** When the OS says it started; with the PID it identifies the process across launcher runs. */
    public Optional<Instant> startInstant() {
        return handle.info().startInstant();
    }

    /**
     * Stops the process and its descendants: SIGTERM to the process (a clean shutdown: the broker closes its logs,
     * Quarkus drains), up to {@code grace} for it to exit, then SIGKILL; descendants still alive then get the same.
     *
     * @return true when everything exited on SIGTERM
     */
    public boolean stop(Duration grace) {
        // Taken before the parent dies: afterwards its children are re-parented and no longer its descendants.
        List<ProcessHandle> descendants = handle.descendants().toList();
        boolean clean = terminate(handle, grace);
        for (ProcessHandle child : descendants) {
            clean &= terminate(child, Duration.ofSeconds(5));
        }
        for (ProcessHandle companion : companions) {
            clean &= terminate(companion, grace);
        }
        return clean;
    }

    private static boolean terminate(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(5));
        return false;
    }

    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    @Override
    public String toString() {
        return name + " (PID " + pid() + ")";
    }
}
