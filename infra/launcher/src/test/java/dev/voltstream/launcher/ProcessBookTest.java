package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process bookkeeping with real processes (sh and sleep): stop order, descendants, pid file, leftovers. */
class ProcessBookTest {
    @TempDir
    Path dir;
    private final List<String> messages = new ArrayList<>();
    private final List<ProcessHandle> spawned = new ArrayList<>();

    @AfterEach
    void killWhatATestLeft() {
        spawned.forEach(ProcessHandle::destroyForcibly);
    }

    private ProcessBook book() {
        return new ProcessBook(dir.resolve("run/pids"), Duration.ofSeconds(5), messages::add);
    }

    private ManagedProcess start(ProcessBook book, String name, String script) {
        ManagedProcess p = book.start(name, List.of("sh", "-c", script), dir, Map.of("GREETING", "hi"),
                dir.resolve("logs/" + name + ".log"));
        spawned.add(p.handle());
        return p;
    }

    @Test
    void startsWithEnvironmentAndLogAndStopsEverythingInReverseOrder() throws Exception {
        ProcessBook book = book();
        ManagedProcess first = start(book, "first", "echo $GREETING; exec sleep 60");
        ManagedProcess second = start(book, "second", "exec sleep 60");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(first.log())
                && Files.readString(first.log()).contains("hi"));
        assertThat(book.processes()).containsExactly(first, second);

        book.close();

        assertThat(first.isAlive()).isFalse();
        assertThat(second.isAlive()).isFalse();
        assertThat(messages).containsExactly("Stopping " + second + "...", "Stopping " + first + "...");
        assertThat(dir.resolve("run/pids")).doesNotExist();
        book.close(); // idempotent
        assertThat(messages).hasSize(2);
    }

    @Test
    void stoppingAProcessStopsItsDescendantsToo() {
        ProcessBook book = book();
        // a shell that does not exec: its sleep is a grandchild of the launcher, like a JVM behind a script
        ManagedProcess parent = start(book, "parent", "sleep 60 & sleep 61; wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> parent.handle().descendants().count() == 2);
        List<ProcessHandle> children = parent.handle().descendants().toList();
        spawned.addAll(children);

        book.close();

        assertThat(parent.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aProcessIgnoringSigtermIsKilledAfterTheGracePeriod() {
        ProcessBook book = new ProcessBook(dir.resolve("pids"), Duration.ofMillis(500), messages::add);
        ManagedProcess stubborn = start(book, "stubborn", "trap '' TERM; echo ready; while true; do sleep 0.1; done");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(stubborn.log()).contains("ready"));

        book.close();

        assertThat(stubborn.isAlive()).isFalse();
        assertThat(messages).anyMatch(m -> m.contains("did not stop within") && m.contains("killed"));
    }

    /**
     * Peers are stopped at the same time: each of these two only exits once the other has had its SIGTERM too, so
     * stopped one after the other the first would outlast the grace period and be killed.
     */
    @Test
    void peersAreStoppedTogetherAfterWhatWasStartedLaterAndBeforeWhatCameFirst() throws Exception {
        ProcessBook book = new ProcessBook(dir.resolve("pids"), Duration.ofSeconds(5), messages::add);
        ManagedProcess broker = start(book, "broker", "exec sleep 60");
        String waitForOther = "trap 'touch %1$s.term; while [ ! -f %2$s.term ]; do sleep 0.05; done; exit 0' TERM;"
                + " echo ready; while true; do sleep 0.1; done";
        ManagedProcess a = start(book, "a", String.format(waitForOther, dir.resolve("a"), dir.resolve("b")));
        ManagedProcess b = start(book, "b", String.format(waitForOther, dir.resolve("b"), dir.resolve("a")));
        ManagedProcess console = start(book, "console", "exec sleep 60");
        book.peers(List.of(a, b));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(a.log()).contains("ready")
                && Files.readString(b.log()).contains("ready"));

        book.close();

        assertThat(List.of(broker, a, b, console)).noneMatch(ManagedProcess::isAlive);
        assertThat(messages).noneMatch(m -> m.contains("did not stop within"));
        assertThat(messages).containsExactly("Stopping " + console + "...", "Stopping " + b + "...",
                "Stopping " + a + "...", "Stopping " + broker + "...");
    }

    @Test
    void companionsAreStoppedAfterTheirOwnerAndRecorded() throws Exception {
        ProcessBook book = book();
        ManagedProcess owner = start(book, "postgres", "exec sleep 60");
        Process detached = new ProcessBuilder("sleep", "60").start(); // stands for a daemonized postmaster
        spawned.add(detached.toHandle());
        book.addCompanion(owner, detached.pid());

        assertThat(Files.readAllLines(dir.resolve("run/pids")))
                .anyMatch(l -> l.startsWith(detached.pid() + " ") && l.endsWith(" postgres-companion"));
        book.close();

        assertThat(detached.isAlive()).isFalse();
    }

    @Test
    void thePidFileNamesTheLauncherAndEveryProcessAndLeftoversAreTheLivingOnes() throws Exception {
        ProcessBook book = book();
        ManagedProcess alive = start(book, "broker", "exec sleep 60");
        ManagedProcess dead = start(book, "build", "exit 0");
        await().atMost(Duration.ofSeconds(10)).until(() -> !dead.isAlive());
        Path pids = dir.resolve("run/pids");

        List<ProcessBook.Leftover> leftovers = ProcessBook.leftovers(pids);

        assertThat(Files.readAllLines(pids)).hasSize(3).first().asString()
                .startsWith(ProcessHandle.current().pid() + " ").endsWith(" launcher");
        assertThat(leftovers).extracting(ProcessBook.Leftover::name).containsExactly("launcher", "broker");
        assertThat(leftovers.get(0).isLauncher()).isTrue();
        assertThat(leftovers.get(1).pid()).isEqualTo(alive.pid());
        book.close();
        assertThat(ProcessBook.leftovers(pids)).isEmpty();
    }

    @Test
    void aReusedPidIsNotALeftover() throws Exception {
        Path pids = dir.resolve("pids");
        long self = ProcessHandle.current().pid();
        Files.writeString(pids, self + " 2001-01-01T00:00:00Z broker\nnot a line\n");
        assertThat(ProcessBook.leftovers(pids)).isEmpty();
        assertThat(ProcessBook.parse("12 - x y")).contains(new ProcessBook.Leftover(12, "-", "x y"));
        assertThat(ProcessBook.leftovers(dir.resolve("missing"))).isEmpty();
    }
}
