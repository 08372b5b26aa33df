package dev.voltstream.launcher;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code voltstream demo} as a user runs it, for the end-to-end tests: the launcher in its own JVM (from its jar, as
 * {@code ./voltstream} runs it) with its state under {@code infra/launcher/target/<name>}, its output in a file
 * there; the status lines it printed; shell commands beside it; and, after the test, whatever it left running stopped.
 */
final class DemoProcess {
    private static final Pattern STATUS = Pattern.compile(
            "events ([\\d,]+) \\| verdicts ([\\d,]+) \\| balance updates ([\\d,]+) \\| notifications ([\\d,?]+)");

    final RepoLayout repo;
    final Path state;
    final Process launcher;
    private final Path output;

    private DemoProcess(RepoLayout repo, Path state, Path output, Process launcher) {
        this.repo = repo;
        this.state = state;
        this.output = output;
        this.launcher = launcher;
    }

    /**
     * Starts {@code voltstream demo --state-dir <target/name> <args>} on a wiped state directory; skips the test
     * (assumption) when the services are not built.
     */
    static DemoProcess start(String name, String... args) throws IOException {
        RepoLayout repo = RepoLayout.locate();
        List<Path> missing = new ArrayList<>();
        ServiceSpec.ALL.stream().map(repo::serviceJar).filter(jar -> !Files.isRegularFile(jar)).forEach(missing::add);
        assumeTrue(missing.isEmpty(), () -> name + " runs the built services, and these are missing: " + missing
                + ". Build them first (./mvnw -B verify builds them before this module; or ./mvnw -B package "
                + "-DskipTests -pl ev-station-producer,fraud-service,billing-service,notification-service -am)");
        Path state = repo.root().resolve("infra/launcher/target").resolve(name);
        Demo.wipe(state);
        Files.createDirectories(state);
        Path output = state.resolve("launcher.out");
        List<String> command = new ArrayList<>(List.of(Java.executable(), "-Xmx192m", "-cp", launcherClasspath(),
                VoltstreamLauncher.class.getName(), "demo", "--state-dir", state.toString()));
        command.addAll(List.of(args));
        Process launcher = new ProcessBuilder(command).directory(repo.root().toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new DemoProcess(repo, state, output, launcher);
    }

    private static String launcherClasspath() {
        String jar = System.getProperty("voltstream.launcher.jar");
        return jar != null && Files.isRegularFile(Path.of(jar)) ? jar : System.getProperty("java.class.path");
    }

    /** What the launcher printed so far. */
    String out() throws IOException {
        return Files.readString(output);
    }

    /** The last status line it printed. */
    Optional<StatusLine> lastStatus() throws IOException {
        Matcher m = STATUS.matcher(out());
        StatusLine last = null;
        while (m.find()) {
            String notifications = m.group(4);
            last = new StatusLine(0, number(m.group(1)), number(m.group(2)), number(m.group(3)),
                    notifications.equals("?") ? -1 : number(notifications), 0);
        }
        return Optional.ofNullable(last);
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    /** A shell script's run: whether it finished in time, its exit code and its output (stderr included). */
    record Script(boolean done, int exitCode, String out) {
    }

    /** Runs {@code script} with {@code bash -euo pipefail} in the repository, for at most three minutes. */
    Script bash(String script) throws IOException, InterruptedException {
        Path log = Files.createTempFile(state, "walkthrough-", ".out");
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(repo.root().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = bash.waitFor(3, TimeUnit.MINUTES);
        if (!done) {
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
            bash.waitFor();
        }
        return new Script(done, bash.exitValue(), Files.readString(log));
    }

    /** Stops the launcher (SIGTERM, as Ctrl-C) and, should it not manage, everything it started. */
    void stopWhateverIsLeft() {
        if (launcher.isAlive()) {
            List<ProcessHandle> all = launcher.descendants().toList();
            launcher.destroy();
            try {
                launcher.waitFor(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            launcher.destroyForcibly();
            all.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
