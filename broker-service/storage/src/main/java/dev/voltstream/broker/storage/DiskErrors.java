package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.Locale;

/** Tells a full disk from other I/O errors: a full disk is transient, the others take the log dir offline. */
final class DiskErrors {
    private DiskErrors() {
    }

    /** Whether {@code e} (or a cause) is ENOSPC/EDQUOT: the write was refused for space, the data is intact. */
    static boolean isOutOfSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof IOException && message != null) {
                String m = message.toLowerCase(Locale.ROOT);
                if (m.contains("no space left on device") || m.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }
}
