package dev.voltstream.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The running demo's loop: a status line every interval (rewritten in place on a terminal, one {@code STATUS} line
 * each otherwise, for logs and tests), and a watch on the processes. A service or a single broker that dies ends
 * the demo (exit code 1); a broker of a replicated cluster may die — that is the failover the walkthrough shows —
 * so it is reported once and the demo goes on while one broker is left.
 */
final class StatusWatch {
    private final StatusSampler sampler;
    private final List<ManagedProcess> services;
    private final List<ManagedProcess> brokers;
    private final boolean replicated;
    private final PrintStream out;
    private final BooleanSupplier stopping;
    private final Set<ManagedProcess> reportedDown = new HashSet<>();
    private final boolean tty = System.console() != null;

    StatusWatch(StatusSampler sampler, List<ManagedProcess> services, List<ManagedProcess> brokers, boolean replicated,
            PrintStream out, BooleanSupplier stopping) {
        this.sampler = sampler;
        this.services = services;
        this.brokers = brokers;
        this.replicated = replicated;
        this.out = out;
        this.stopping = stopping;
    }

    /** Runs until stopped or {@code runFor} (null: forever) is over; the exit code. */
    int run(Duration interval, Duration runFor) throws InterruptedException {
        Instant end = runFor == null ? Instant.MAX : Instant.now().plus(runFor);
        out.println(tty ? "Status (Ctrl-C stops everything):" : "Status (every " + interval.toSeconds()
                + " s; Ctrl-C or SIGTERM stops everything):");
        while (!stopping.getAsBoolean() && Instant.now().isBefore(end)) {
            String failure = failure();
            if (failure != null && !stopping.getAsBoolean()) {
                out.println();
                out.println(failure);
                return 1;
            }
            String line;
            try {
                line = sampler.sample().format();
            } catch (Exception e) {
                line = "status unavailable: " + e;
            }
            if (!stopping.getAsBoolean()) {
                out.print(tty ? "\r" + line + "   " : "STATUS " + line + "\n");
                out.flush();
            }
            Thread.sleep(interval.toMillis()); // the refresh period of a status line
        }
        out.println();
        return 0;
    }

    /** What ends the demo, or null; reports a cluster broker's death once. */
    String failure() {
        for (ManagedProcess p : services) {
            if (!p.isAlive()) {
                return p.name() + " exited unexpectedly (see " + p.log() + ")";
            }
        }
        long alive = brokers.stream().filter(ManagedProcess::isAlive).count();
        for (ManagedProcess p : brokers) {
            if (!p.isAlive() && reportedDown.add(p)) {
                if (!replicated || alive == 0) {
                    return p.name() + " exited unexpectedly (see " + p.log() + ")";
                }
                out.println();
                out.println(p + " is down; the cluster goes on with " + alive + " broker(s)");
            }
        }
        return null;
    }
}
