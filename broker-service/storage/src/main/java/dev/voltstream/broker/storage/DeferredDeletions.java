package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments already removed from the log (files renamed {@code *.deleted}) whose files are kept open until
 * {@code file.delete.delay.ms} has passed, so a fetch that is still sending their bytes completes. Guarded by the
 * owning log's lock.
 */
final class DeferredDeletions {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredDeletions.class);

    private record Pending(LogSegment segment, long dueMs) {
    }

    private final List<Pending> pending = new ArrayList<>();

    void schedule(LogSegment segment, long dueMs) {
        pending.add(new Pending(segment, dueMs));
    }

    /** Deletes the files of every segment due at {@code nowMs}. */
    void deleteDue(long nowMs) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.dueMs() <= nowMs) {
                delete(p.segment());
                it.remove();
            }
        }
    }

    void deleteAll() {
        pending.forEach(p -> delete(p.segment()));
        pending.clear();
    }

    int size() {
        return pending.size();
    }

    private static void delete(LogSegment segment) {
        try {
            segment.closeAndDelete();
        } catch (IOException e) {
            LOG.warn("Could not delete the files of {}: {}", segment, e.toString());
        }
    }
}
