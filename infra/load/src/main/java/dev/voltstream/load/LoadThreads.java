package dev.voltstream.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs a load's clients on threads of their own, sampling the recorder once a second until all of them are done. */
final class LoadThreads {
    private LoadThreads() {
    }

    /**
     * Starts every task on its own thread (named {@code namePrefix + index}), hands {@code progress} one sample a
     * second while they run, and closes the recorder's last interval once all have ended.
     */
    static void runAll(String namePrefix, List<Runnable> tasks, LatencyRecorder recorder,
                       Consumer<LatencyRecorder.Sample> progress) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Thread t = new Thread(tasks.get(i), namePrefix + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(1000);
                progress.accept(recorder.tick());
            }
        }
        recorder.tick();
    }
}
