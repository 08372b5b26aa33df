package dev.voltstream.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The bookkeeping of every process the demo started: starts them with their output in a log file, stops them in
 * reverse order (services before the broker and the database they use; {@linkplain #peers peers}, such as the services,
 * together), and records them in {@code pids} so that
 * the next run can stop what a killed launcher ({@code kill -9}) left behind. Each line of that file is
 * {@code <pid> <start instant> <name>}; the start instant tells a leftover from an unrelated process that reuses
 * the PID.
 */
public final class ProcessBook implements AutoCloseable {
    private final Path pidFile;
    private final Duration grace;
    private final Consumer<String> out;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<Set<ManagedProcess>> peerGroups = new ArrayList<>();
    private boolean closed;

    public ProcessBook(Path pidFile, Duration grace, Consumer<String> out) {
        this.pidFile = pidFile;
        this.grace = grace;
        this.out = out;
    }

    /**
     * Starts a command with stdout and stderr appended to {@code log}, and books it.
     *
     * @throws LauncherException when the command cannot be started
     */
    public synchronized ManagedProcess start(String name, List<String> command, Path workDir,
            Map<String, String> env, Path log) {
        if (closed) {
            throw new LauncherException("stopping: not starting " + name);
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            return book(new ManagedProcess(name, process, log));
        } catch (IOException e) {
            throw new LauncherException("cannot start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage());
        }
    }

    /**
     * Books a process the demo did not start itself but must stop: a broker that {@code cluster-start.sh}
     * daemonized. Stopped in reverse booking order like the others.
     */
    public synchronized ManagedProcess adopt(String name, long pid, Path log) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new LauncherException(name + ": no process "
                + pid + (log == null ? "" : " (see " + log + ")")));
        return book(new ManagedProcess(name, handle, log));
    }

    /**
     * Books a process that {@code owner} started but that left its process tree (PostgreSQL's daemonized
     * postmaster): it is stopped right after its owner, and recorded for the next run like the others.
     */
    public synchronized void addCompanion(ManagedProcess owner, long pid) {
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new LauncherException(owner.name() + ": no process " + pid));
        owner.addCompanion(handle);
        writePidFile();
    }

    private ManagedProcess book(ManagedProcess process) {
        processes.add(process);
        writePidFile();
        return process;
    }

    /**
     * Marks booked processes as peers: none depends on another, so {@link #close} stops them at the same time (when the
     * last booked of them comes up in reverse order) instead of one after the other — the services, each of which
     * takes seconds to leave its consumer groups.
     */
    public synchronized void peers(List<ManagedProcess> peers) {
        peerGroups.add(Set.copyOf(peers));
    }

    public synchronized List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    /** Stops every booked process, the last started first; idempotent. */
    @Override
    public void close() {
        List<ManagedProcess> toStop;
        List<Set<ManagedProcess>> groups;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(processes);
            groups = List.copyOf(peerGroups);
        }
        Collections.reverse(toStop); // the last started first
        Set<ManagedProcess> stopped = new HashSet<>();
        for (ManagedProcess process : toStop) {
            if (stopped.contains(process)) {
                continue;
            }
            List<ManagedProcess> together = groups.stream().filter(g -> g.contains(process)).findFirst()
                    .map(g -> toStop.stream().filter(g::contains).filter(p -> !stopped.contains(p)).toList())
                    .orElse(List.of(process));
            stopped.addAll(together);
            stopTogether(together);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            out.accept("cannot delete " + pidFile + ": " + e.getMessage());
        }
    }

    private void stopTogether(List<ManagedProcess> together) {
        List<ManagedProcess> alive = together.stream().filter(ManagedProcess::isAlive).toList();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ManagedProcess process : alive) {
            out.accept("Stopping " + process + "...");
        }
        for (ManagedProcess process : alive) {
            stops.add(CompletableFuture.runAsync(() -> {
                if (!process.stop(grace)) {
                    synchronized (out) {
                        out.accept("  " + process.name() + " did not stop within " + grace.toSeconds()
                                + " s of SIGTERM: killed");
                    }
                }
            }, task -> new Thread(task, "stop-" + process.name()).start()));
        }
        stops.forEach(CompletableFuture::join);
    }

    private void writePidFile() {
        StringBuilder lines = new StringBuilder();
        lines.append(entry(ProcessHandle.current(), "launcher")).append('\n');
        for (ManagedProcess p : processes) {
            lines.append(entry(p.handle(), p.name())).append('\n');
            for (ProcessHandle companion : p.companions()) {
                lines.append(entry(companion, p.name() + "-companion")).append('\n');
            }
        }
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String entry(ProcessHandle handle, String name) {
        return handle.pid() + " " + handle.info().startInstant().map(Instant::toString).orElse("-") + " " + name;
    }

    /**
     * The processes of an earlier run recorded in {@code pidFile} that still run (same PID and same start
     * instant), the launcher itself first if it is among them.
     */
    public static List<Leftover> leftovers(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return List.of();
        }
        List<Leftover> alive = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(pidFile)) {
                parse(line).filter(Leftover::isAlive).ifPresent(alive::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alive;
    }

    static Optional<Leftover> parse(String line) {
        String[] parts = line.trim().split(" ", 3);
        if (parts.length < 3 || !parts[0].matches("\\d+")) {
            return Optional.empty();
        }
        return Optional.of(new Leftover(Long.parseLong(parts[0]), parts[1], parts[2]));
    }

    /** A process recorded by an earlier run. */
    public record Leftover(long pid, String startInstant, String name) {
        /** Alive and the same process that was recorded (not a reused PID). */
        public boolean isAlive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().startInstant().map(Instant::toString).orElse("-").equals(startInstant))
                    .isPresent();
        }

        public boolean isLauncher() {
            return "launcher".equals(name);
        }
    }
}
