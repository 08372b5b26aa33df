package dev.voltstream.broker.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.apache.kafka.common.utils.Exit;

/**
 * Runs one of Apache Kafka's command-line tools in this JVM (its {@code main}) and captures what it prints. The tools
 * end with {@code Exit.exit(code)}; that is turned into a return value instead of ending the JVM. Scala tools print
 * through {@code scala.Console}, which is redirected as well.
 */
public final class KafkaTool {

    /** What a tool run printed and the exit code it asked for (0 when it returned normally). */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private KafkaTool() {
    }

    public static synchronized Result run(Consumer<String[]> main, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        // Some tools call exit inside their own try block and again from main: the first code is the real one.
        java.util.concurrent.atomic.AtomicReference<Integer> exitCode = new java.util.concurrent.atomic.AtomicReference<>();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Exit.setExitProcedure((code, message) -> {
                exitCode.compareAndSet(null, code);
                throw new ExitRequested(code);
            });
            System.setOut(o);
            System.setErr(e);
            try {
                scala.Console.withOut(o, () -> scala.Console.withErr(e, () -> {
                    main.accept(args);
                    return null;
                }));
            } catch (ExitRequested exit) {
                // the exit code was recorded by the exit procedure
            }
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            Exit.resetExitProcedure();
        }
        return new Result(exitCode.get() == null ? 0 : exitCode.get(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final class ExitRequested extends RuntimeException {
        ExitRequested(int code) {
            super("exit " + code, null, false, false);
        }
    }
}
