package dev.voltstream.broker.storage;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * The steps of a cleaning pass where a crash leaves distinct files behind. Tests set {@link #hook} to copy the
 * partition directory at each step (the files as a kill -9 at that moment would leave them) and check that each
 * copy recovers; production leaves it a no-op.
 */
final class CleanerCrashPoints {
    /** Called with the step's name and the partition directory. */
    static volatile BiConsumer<String, Path> hook = (step, dir) -> { };

    private CleanerCrashPoints() {
    }

    static void reached(String step, Path dir) {
        hook.accept(step, dir);
    }
}
