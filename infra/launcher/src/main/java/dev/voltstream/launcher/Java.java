package dev.voltstream.launcher;

import java.nio.file.Path;

/** The java executable of the JDK that runs the launcher: every child JVM runs on the same one. */
final class Java {
    private Java() {
    }

    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
