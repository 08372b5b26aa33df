package dev.voltstream.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./voltstream}: {@code voltstream demo [options]} and {@code voltstream transaction [options]}.
 * A {@link LauncherException} is printed as its message alone (the user can act on it) and sets the exit code; usage
 * errors exit with 2.
 */
@Command(name = "voltstream", mixinStandardHelpOptions = true, version = "voltstream 0.1.0-SNAPSHOT",
        description = "Voltstream: a Kafka-compatible broker and a reference system of Quarkus services.",
        subcommands = {DemoCommand.class, TransactionCommand.class, CommandLine.HelpCommand.class})
public final class VoltstreamLauncher implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this rather than main). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new VoltstreamLauncher())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof LauncherException le) {
                        cmd.getErr().println("voltstream: " + le.getMessage());
                        return le.exitCode();
                    }
                    throw e;
                })
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println("voltstream: " + e.getMessage());
                    e.getCommandLine().usage(e.getCommandLine().getErr());
                    return 2;
                });
    }

    @Override
    public void run() {
        // no subcommand: show what there is
        spec.commandLine().usage(System.out);
    }
}
