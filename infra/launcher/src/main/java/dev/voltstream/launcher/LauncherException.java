package dev.voltstream.launcher;

/** A failure the user can act on: its message is printed as is, without a stack trace, and the exit code is 1. */
public class LauncherException extends RuntimeException {
    private final int exitCode;

    public LauncherException(String message) {
        this(message, 1);
    }

    public LauncherException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
