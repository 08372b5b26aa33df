package dev.voltstream.broker.metadata;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The format version of the broker's own small properties files under {@code __voltstream_metadata} (topic files,
 * dynamic broker configs, the producer id block). Each file carries {@code version=N}; release 0.1.0 wrote none, and a
 * file without one is read as version 0, the layout 0.1.0 wrote. A version newer than the reader knows is refused with
 * an error that names the file, so a downgrade never misreads what a newer release wrote.
 */
public final class FormatVersion {
    public static final String KEY = "version";

    private FormatVersion() {
    }

    /**
     * The version {@code props} (read from {@code file}) declare, 0 when they declare none.
     *
     * @throws IllegalStateException when it is newer than {@code newest} or not a version at all
     */
    public static int check(Properties props, int newest, Path file) {
        String value = props.getProperty(KEY);
        if (value == null) {
            return 0;
        }
        int version;
        try {
            version = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " has format version '" + value + "', which is not a number");
        }
        if (version < 0 || version > newest) {
            throw new IllegalStateException(file + " has format version " + version + ", this broker reads up to "
                    + newest + ": written by a newer release?");
        }
        return version;
    }

    /** Marks {@code props} as written in format {@code version}. */
    public static void stamp(Properties props, int version) {
        props.setProperty(KEY, Integer.toString(version));
    }
}
